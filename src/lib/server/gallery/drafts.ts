import { and, eq, isNull } from 'drizzle-orm';
import { writeTx, type Db } from '../db/client';
import { course, galleryCase, patient, photo, treatmentSession } from '../db/schema';
import type { StaffActor } from '../auth/guard';
import { audit } from '../audit/audit';
import { hasActiveConsent } from '../consents/consents';
import { caseFacts, defaultCaseTitle } from '../../domain/gallery-labels';
import { NO_REDACTION, parseRedactions, type CaseRedactions } from '../../domain/redaction';

/** A refusal whose message is meant for the clinician, with the HTTP status to answer. */
export class GalleryError extends Error {
	constructor(
		readonly status: 400 | 403 | 404 | 409,
		message: string
	) {
		super(message);
	}
}

export const NO_GALLERY_CONSENT =
	'This patient has no active consent to the public gallery, so the case cannot be published.';

export interface DraftInput {
	courseId: string;
	beforePhotoId: string;
	afterPhotoId: string;
}

/** Eye bars found for a draft's photos before it is made (eye-bars.ts), and what to audit. */
export interface SuggestedBars {
	redactions: CaseRedactions;
	/** for the audit detail: which photos got a bar, or why none */
	note: string;
}

/**
 * A draft case from two ready photos of the same view in one course, earlier one first, with
 * labels filled in from the data. Refused without an active gallery consent: there is no
 * point in preparing what may not be shown.
 */
export function createDraft(db: Db, actor: StaffActor, input: DraftInput, bars?: SuggestedBars) {
	// bars are ordinary masks: checked like any the editor sends, dropped if they would not pass
	const suggested = bars && parseRedactions(bars.redactions);
	return writeTx(db, (tx) => {
		const c = tx
			.select()
			.from(course)
			.where(and(eq(course.id, input.courseId), eq(course.clinicId, actor.clinicId)))
			.get();
		if (!c) {
			throw new GalleryError(404, 'Not found');
		}
		const photoOf = (id: string) =>
			tx
				.select()
				.from(photo)
				.where(and(eq(photo.id, id), eq(photo.patientId, c.patientId), isNull(photo.deletedAt)))
				.get();
		const before = photoOf(input.beforePhotoId);
		const after = photoOf(input.afterPhotoId);
		if (!before || !after) {
			throw new GalleryError(404, 'Not found');
		}
		if (before.status !== 'ready' || after.status !== 'ready') {
			throw new GalleryError(409, 'Both photos must have finished processing.');
		}
		if (before.view !== after.view) {
			throw new GalleryError(400, 'Choose two photos of the same view.');
		}
		if (before.takenOn >= after.takenOn) {
			throw new GalleryError(400, 'The before photo must be older than the after photo.');
		}
		if (!hasActiveConsent(tx, c.patientId, 'gallery_public')) {
			throw new GalleryError(403, NO_GALLERY_CONSENT);
		}
		const p = tx.select().from(patient).where(eq(patient.id, c.patientId)).get()!;
		const sessionDates = tx
			.select({ on: treatmentSession.performedOn })
			.from(treatmentSession)
			.where(eq(treatmentSession.courseId, c.id))
			.all()
			.map((s) => s.on);
		const facts = caseFacts({
			concern: c.concern,
			areas: c.areas,
			sessionDates,
			beforeOn: before.takenOn,
			afterOn: after.takenOn
		});
		const row = tx
			.insert(galleryCase)
			.values({
				clinicId: actor.clinicId,
				patientId: p.id,
				courseId: c.id,
				beforePhotoId: before.id,
				afterPhotoId: after.id,
				view: before.view,
				title: defaultCaseTitle(facts),
				...facts,
				fitzpatrick: p.fitzpatrick,
				redactions: suggested?.ok ? suggested.value : NO_REDACTION,
				createdBy: actor.user.id
			})
			.returning()
			.get();
		audit(tx, {
			clinicId: actor.clinicId,
			actorUserId: actor.user.id,
			action: 'gallery_draft',
			targetType: 'gallery_case',
			targetId: row.id,
			detail: bars && (suggested?.ok ? bars.note : 'the suggested eye bars were invalid'),
			ok: true
		});
		return row;
	});
}

export interface CaseLabels {
	title: string;
	description: string | null;
	concern: string;
	area: string;
	fitzpatrick: number | null;
	sessionsCount: number;
	weeksElapsed: number;
}

/**
 * Labels and redactions of a draft; a published case is withdrawn before it is changed. Each
 * save is audited once, naming the fields it changed (the editor saves on a button, not per
 * keystroke).
 */
export function updateDraft(
	db: Db,
	actor: StaffActor,
	caseId: string,
	changes: { labels?: CaseLabels; redactions?: CaseRedactions }
) {
	return writeTx(db, (tx) => {
		const row = clinicCase(tx, actor, caseId);
		if (row.status !== 'draft') {
			throw new GalleryError(409, 'Only a draft can be changed; withdraw the case first.');
		}
		const changed = [
			...Object.entries(changes.labels ?? {})
				.filter(([key, value]) => row[key as keyof CaseLabels] !== value)
				.map(([key]) => key),
			...(changes.redactions &&
			JSON.stringify(changes.redactions) !== JSON.stringify(row.redactions)
				? ['redactions']
				: [])
		];
		audit(tx, {
			clinicId: row.clinicId,
			actorUserId: actor.user.id,
			action: 'gallery_draft_update',
			targetType: 'gallery_case',
			targetId: row.id,
			detail: changed.length ? `changed: ${changed.join(', ')}` : 'no changes',
			ok: true
		});
		return tx
			.update(galleryCase)
			.set({ ...changes.labels, ...(changes.redactions && { redactions: changes.redactions }) })
			.where(eq(galleryCase.id, row.id))
			.returning()
			.get();
	});
}

/** A case of the actor's clinic, or 404. */
export function clinicCase(db: Pick<Db, 'select'>, actor: StaffActor, caseId: string) {
	const row = db
		.select()
		.from(galleryCase)
		.where(and(eq(galleryCase.id, caseId), eq(galleryCase.clinicId, actor.clinicId)))
		.get();
	if (!row) {
		throw new GalleryError(404, 'Not found');
	}
	return row;
}
