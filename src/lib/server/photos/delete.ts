import { and, eq, isNull, ne, or } from 'drizzle-orm';
import { backupHold } from '../backup/lease';
import { writeTx, type Db } from '../db/client';
import { galleryCase, photo, photoVariant } from '../db/schema';
import { takeDownCases } from '../gallery/take-down';
import type { BlobStore } from '../storage/blob-store';
import { deleteFiles } from '../storage/delete-files';
import type { StaffActor } from '../auth/guard';
import { audit } from '../audit/audit';
import { requeueGroup } from './align/align-job';

/**
 * Marks the photo deleted and drops its variant rows in one transaction, then removes its
 * files (later, if a backup is copying them). If the process dies in between, the sweep finds the files without live rows.
 */
export async function deletePhoto(
	db: Db,
	store: BlobStore,
	actor: StaffActor,
	photoId: string
): Promise<boolean> {
	const files = writeTx(db, (tx) => {
		const row = tx
			.select()
			.from(photo)
			.where(
				and(eq(photo.id, photoId), eq(photo.clinicId, actor.clinicId), isNull(photo.deletedAt))
			)
			.get();
		if (!row) {
			return null;
		}
		const variants = tx
			.select({ key: photoVariant.key })
			.from(photoVariant)
			.where(eq(photoVariant.photoId, photoId))
			.all();
		// A gallery case made from this photo must not outlive it on the public side.
		const cases = tx
			.select({ id: galleryCase.id })
			.from(galleryCase)
			.where(
				and(
					ne(galleryCase.status, 'withdrawn'),
					or(eq(galleryCase.beforePhotoId, photoId), eq(galleryCase.afterPhotoId, photoId))
				)
			)
			.all()
			.map((c) => c.id);
		const publicFiles = takeDownCases(tx, cases);
		tx.delete(photoVariant).where(eq(photoVariant.photoId, photoId)).run();
		tx.update(photo).set({ deletedAt: new Date() }).where(eq(photo.id, photoId)).run();
		// if it was the baseline, the rest of its course aligns to the next one
		requeueGroup(tx, row);
		audit(tx, {
			clinicId: actor.clinicId,
			actorUserId: actor.user.id,
			action: 'photo_delete',
			targetType: 'photo',
			targetId: photoId,
			ok: true
		});
		return [row.originalKey, ...variants.map((v) => v.key), ...publicFiles];
	});
	if (!files) {
		return false;
	}
	await deleteFiles(store, files, backupHold(db));
	return true;
}
