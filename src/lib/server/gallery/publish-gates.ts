// What publishing asks first (issue 18): an explicit reason when the two captures differ beyond
// the tolerances, and a confirmation when a face is shown with its eyes uncovered. Both become
// overrides in the case's provenance record and in the audit log.
import { inArray } from 'drizzle-orm';
import type { Db } from '../db/client';
import { photo, photoAlignment, type GalleryCase } from '../db/schema';
import type { StaffActor } from '../auth/guard';
import type { BlobStore } from '../storage/blob-store';
import { caseFaces } from './case-faces';
import { pairAlignment } from './alignment';
import { clinicCase, GalleryError } from './drafts';
import { publishCase } from './publish';
import {
	captureDifferences,
	checkReason,
	FACE_VIEWS,
	uncoveredEyes,
	type CaptureFacts,
	type FaceFinding,
	type Which
} from '../../domain/publish-checks';
import { NO_REDACTION, type CaseRedactions } from '../../domain/redaction';
import type { ProvenanceOverride } from '../../domain/provenance';

export interface PublishChecks {
	view: string;
	/** how the captures differ, one sentence each; any at all needs a reason to publish */
	capture: string[];
	/** whether the alignment job has looked at both photos (older photos have no row) */
	captureChecked: boolean;
	faces: Record<Which, FaceFinding>;
	/** why the face confirmation is needed with the saved redactions; null when it is not */
	eyesUncovered: string | null;
	/** the after photo is published lined up with the before (and offered as taken beside it) */
	aligned: boolean;
}

export interface PublishAnswers {
	/** why the pair is published although the captures differ */
	captureReason: string;
	/** "The patient consented to show their face" was ticked */
	faceShown: boolean;
}

export const FACE_SHOWN_REFUSAL =
	'Cover the eyes with an eye bar or a blur and save, or confirm that the patient consented to show their face.';
const FACE_SHOWN_REASON = 'The patient consented to show their face.';

/** The checks for a draft as saved: capture differences from the alignment rows, and the eyes. */
export async function publishChecks(
	db: Db,
	store: BlobStore,
	actor: StaffActor,
	caseId: string
): Promise<PublishChecks> {
	return checksFor(db, store, clinicCase(db, actor, caseId));
}

async function checksFor(db: Db, store: BlobStore, c: GalleryCase): Promise<PublishChecks> {
	const ids = { before: c.beforePhotoId, after: c.afterPhotoId };
	const rows = db
		.select()
		.from(photoAlignment)
		.where(inArray(photoAlignment.photoId, [ids.before, ids.after]))
		.all();
	const facts = (which: Which): CaptureFacts | null => {
		const r = rows.find((row) => row.photoId === ids[which]);
		const other = ids[which === 'before' ? 'after' : 'before'];
		return r
			? {
					status: r.status,
					reason: r.reason,
					againstOther: r.baselineId === other,
					rotationDeg: r.rotationDeg,
					scale: r.scale,
					quality: r.quality as CaptureFacts['quality']
				}
			: null;
	};
	const photos = db
		.select()
		.from(photo)
		.where(inArray(photo.id, [ids.before, ids.after]))
		.all();
	const found = await caseFaces(db, store, photos, {
		detect: (FACE_VIEWS as readonly string[]).includes(c.view)
	});
	const unknown: FaceFinding = { found: false, known: false };
	const faces = {
		before: found.get(ids.before) ?? unknown,
		after: found.get(ids.after) ?? unknown
	};
	const redactions = { ...NO_REDACTION, ...(c.redactions as Partial<CaseRedactions>) };
	return {
		view: c.view,
		capture: [
			...captureDifferences('before', facts('before')),
			...captureDifferences('after', facts('after'))
		],
		captureChecked: rows.length === 2,
		aligned: pairAlignment(db, c.beforePhotoId, c.afterPhotoId) !== null,
		faces,
		eyesUncovered: uncoveredEyes(c.view, faces, redactions)
	};
}

/** The overrides the answers give, or a 400 saying what is missing. */
export function overridesFor(
	checks: PublishChecks,
	answers: PublishAnswers,
	actor: StaffActor,
	now = new Date()
): ProvenanceOverride[] {
	const overrides: ProvenanceOverride[] = [];
	const by = actor.user.role;
	if (checks.capture.length) {
		const reason = checkReason(answers.captureReason);
		if (!reason.ok) {
			throw new GalleryError(400, `${checks.capture.join(' ')} ${reason.message}`);
		}
		overrides.push({ kind: 'capture-differs', reason: reason.reason, by, at: now.toISOString() });
	}
	if (checks.eyesUncovered) {
		if (!answers.faceShown) {
			throw new GalleryError(400, `${checks.eyesUncovered} ${FACE_SHOWN_REFUSAL}`);
		}
		overrides.push({ kind: 'face-shown', reason: FACE_SHOWN_REASON, by, at: now.toISOString() });
	}
	return overrides;
}

/**
 * Publishes a draft once its checks are answered: the overrides go into the provenance record
 * and the audit log with their reasons, in publishCase's commit.
 */
export async function publishChecked(
	db: Db,
	store: BlobStore,
	actor: StaffActor,
	caseId: string,
	answers: PublishAnswers
) {
	const draft = clinicCase(db, actor, caseId);
	// not a draft: publishCase gives its own refusal, there is nothing to check
	const overrides =
		draft.status === 'draft' ? overridesFor(await checksFor(db, store, draft), answers, actor) : [];
	// the checks and the overrides' audit entry belong to exactly the redactions published
	const published = await publishCase(db, store, actor, caseId, {
		overrides,
		checkedRedactions: draft.redactions
	});
	return published;
}
