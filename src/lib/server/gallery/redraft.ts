import { and, eq, inArray } from 'drizzle-orm';
import { writeTx, type Db, type Tx } from '../db/client';
import { galleryCase, photo, type GalleryCase } from '../db/schema';
import type { StaffActor } from '../auth/guard';
import { audit } from '../audit/audit';
import { hasActiveConsent } from '../consents/consents';
import { clinicCase, GalleryError, NO_GALLERY_CONSENT } from './drafts';

export const REDRAFT_PHOTO_GONE =
	'A photo of this case has been deleted, so it cannot be used again. Make a new case from the patient’s remaining photos.';

/**
 * Why no new draft can be started from this case now, or null. Only a withdrawn case is
 * copied: a published one is withdrawn first (so one set of photos is never public twice),
 * a draft is simply edited. The consent rule is the one for any new draft.
 */
export function redraftRefusal(db: Db | Tx, source: GalleryCase): GalleryError | null {
	if (source.status === 'published') {
		return new GalleryError(
			409,
			'This case is public. Withdraw it first; then a new draft can be started from it.'
		);
	}
	if (source.status === 'draft') {
		return new GalleryError(409, 'This case is still a draft: edit it instead.');
	}
	const ids = [source.beforePhotoId, source.afterPhotoId];
	const photos = db
		.select({ deletedAt: photo.deletedAt, status: photo.status })
		.from(photo)
		.where(and(inArray(photo.id, ids), eq(photo.patientId, source.patientId)))
		.all();
	if (photos.length !== ids.length || photos.some((p) => p.deletedAt)) {
		return new GalleryError(409, REDRAFT_PHOTO_GONE);
	}
	if (photos.some((p) => p.status !== 'ready')) {
		return new GalleryError(409, 'Both photos must have finished processing.');
	}
	if (!hasActiveConsent(db, source.patientId, 'gallery_public')) {
		return new GalleryError(403, NO_GALLERY_CONSENT);
	}
	return null;
}

/**
 * A new draft with the withdrawn case's photos, labels and redactions, for the clinician to
 * review and publish through the usual steps (which check the consent again and make new
 * image tokens). The withdrawn case stays as it is, so its old public URLs stay dead.
 */
export function redraftCase(db: Db, actor: StaffActor, sourceId: string) {
	return writeTx(db, (tx) => {
		const source = clinicCase(tx, actor, sourceId);
		const refusal = redraftRefusal(tx, source);
		if (refusal) {
			throw refusal;
		}
		const row = tx
			.insert(galleryCase)
			.values({
				clinicId: source.clinicId,
				patientId: source.patientId,
				courseId: source.courseId,
				beforePhotoId: source.beforePhotoId,
				afterPhotoId: source.afterPhotoId,
				view: source.view,
				title: source.title,
				description: source.description,
				concern: source.concern,
				area: source.area,
				fitzpatrick: source.fitzpatrick,
				sessionsCount: source.sessionsCount,
				weeksElapsed: source.weeksElapsed,
				redactions: source.redactions,
				createdBy: actor.user.id
			})
			.returning()
			.get();
		audit(tx, {
			clinicId: row.clinicId,
			actorUserId: actor.user.id,
			action: 'gallery_draft_copy',
			targetType: 'gallery_case',
			targetId: row.id,
			detail: `copied from withdrawn case ${source.id}`,
			ok: true
		});
		return row;
	});
}
