import { and, asc, eq, isNull } from 'drizzle-orm';
import type { Db } from '../../lib/server/db/client';
import {
	clinic,
	course,
	galleryCase,
	patient,
	photo,
	treatmentSession,
	user
} from '../../lib/server/db/schema';
import type { BlobStore } from '../../lib/server/storage/blob-store';
import type { StaffActor } from '../../lib/server/auth/guard';
import { hasActiveConsent } from '../../lib/server/consents/consents';
import { createDraft, updateDraft } from '../../lib/server/gallery/drafts';
import { publishCase } from '../../lib/server/gallery/publish';
import { areaLabel } from '../../lib/domain/gallery-labels';
import type { CaseRedactions, ImageRedaction } from '../../lib/domain/redaction';
import { DEMO_SLUG } from './seed';
import { photoSubject, type PhotoSubject } from './people';

// Every demo photo is a close-up of the treated skin (closeup/), the cheek or the abdomen, with
// no eye, brow or lip in view: it identifies nobody, so no bar, only the gallery's 4:5 crop from
// the middle of the 3:4 photo, where the concern is drawn (to four decimals, as the editor
// keeps a redaction).
const CLOSEUP: ImageRedaction = { crop: { x: 0, y: 0.0313, w: 1, h: 0.9375 }, masks: [] };
export const DEMO_REDACTIONS: Record<PhotoSubject, CaseRedactions> = {
	face: { before: CLOSEUP, after: CLOSEUP },
	abdomen: { before: CLOSEUP, after: CLOSEUP }
};

/**
 * Publishes one front-view case (first and latest photo) for every demo patient whose gallery
 * consent is active, through the same draft → publish path as staff use. Runs after the
 * photos are processed. A patient who has any case already (published, or withdrawn since) is
 * left alone, so a re-run changes nothing.
 */
export async function publishDemoCases(
	db: Db,
	store: BlobStore,
	// each case is redacted and re-encoded, about ten seconds apiece on a busy machine: say so
	log: (line: string) => void = () => {}
): Promise<number> {
	const c = db.select().from(clinic).where(eq(clinic.slug, DEMO_SLUG)).get();
	const clinician = c
		? db
				.select()
				.from(user)
				.where(and(eq(user.clinicId, c.id), eq(user.role, 'clinician')))
				.get()
		: undefined;
	if (!c || !clinician) {
		return 0;
	}
	const actor = { user: clinician, clinicId: c.id } as StaffActor;
	let published = 0;
	const patients = db.select().from(patient).where(eq(patient.clinicId, c.id)).all();
	for (const p of patients) {
		const hasCase = db.select().from(galleryCase).where(eq(galleryCase.patientId, p.id)).get();
		if (hasCase || !hasActiveConsent(db, p.id, 'gallery_public')) {
			continue;
		}
		const pair = firstAndLatestFront(db, p.id);
		if (!pair) {
			continue;
		}
		const draft = createDraft(db, actor, pair);
		updateDraft(db, actor, draft.id, {
			redactions: DEMO_REDACTIONS[photoSubject({ areas: [draft.area] })],
			labels: {
				title: draft.title,
				description: describe(db, pair.courseId, draft.area),
				concern: draft.concern,
				area: draft.area,
				fitzpatrick: draft.fitzpatrick,
				sessionsCount: draft.sessionsCount,
				weeksElapsed: draft.weeksElapsed
			}
		});
		await publishCase(db, store, actor, draft.id);
		published++;
		log(`  published ${p.displayName}'s case`);
	}
	return published;
}

function firstAndLatestFront(db: Db, patientId: string) {
	const fronts = db
		.select({ id: photo.id, takenOn: photo.takenOn, courseId: treatmentSession.courseId })
		.from(photo)
		.innerJoin(treatmentSession, eq(treatmentSession.id, photo.sessionId))
		.where(
			and(
				eq(photo.patientId, patientId),
				eq(photo.view, 'front'),
				eq(photo.status, 'ready'),
				isNull(photo.deletedAt)
			)
		)
		.orderBy(asc(photo.takenOn))
		.all();
	const first = fronts[0];
	const latest = fronts.at(-1);
	if (!first || !latest || first.takenOn === latest.takenOn) {
		return null;
	}
	return { courseId: first.courseId, beforePhotoId: first.id, afterPhotoId: latest.id };
}

/** What a clinician would write under the photos: device, depth and passes, from the log. */
function describe(db: Db, courseId: string, area: string): string {
	const c = db.select().from(course).where(eq(course.id, courseId)).get();
	const s = db
		.select()
		.from(treatmentSession)
		.where(eq(treatmentSession.courseId, courseId))
		.orderBy(asc(treatmentSession.performedOn))
		.get();
	const depth = s?.needleDepthMm[area];
	// "0.5 mm on the nose" but "0.25 mm around the eyes".
	const where = areaLabel(area).toLowerCase();
	const parts = [
		`${s?.device ?? 'SkinPen'} microneedling`,
		depth ? `${depth} mm ${where.startsWith('around') ? where : `on the ${where}`}` : null,
		s?.passes ? `${s.passes} passes per session` : null,
		c ? `sessions ${c.intervalWeeks} weeks apart` : null
	].filter(Boolean);
	return `${parts.join(', ')}. Topical numbing before each session; redness settled within a day or two.`;
}
