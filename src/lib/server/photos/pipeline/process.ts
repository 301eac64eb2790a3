import { and, eq, ne } from 'drizzle-orm';
import { writeTx, type Db } from '../../db/client';
import { photo, photoVariant } from '../../db/schema';
import type { BlobStore } from '../../storage/blob-store';
import { keys } from '../../storage';
import { DecodeError, type SourceType } from './decode';
import { deriveFromFile } from './derive';
import { imageWork, PHOTO_JOBS } from './image-work';
import { enqueue } from '../../jobs/queue';
import { ALIGN_JOB } from '../align/align-job';

export type ProcessOutcome = 'ready' | 'skipped';

/**
 * Makes every derivative of one photo. Files are written first, then one transaction records
 * them and marks the photo ready; a crash in between leaves files the sweep will collect and
 * a job that runs again.
 */
export async function processPhoto(
	db: Db,
	store: BlobStore,
	photoId: string
): Promise<ProcessOutcome> {
	const row = db.select().from(photo).where(eq(photo.id, photoId)).get();
	if (!row || row.deletedAt || row.status === 'ready') {
		return 'skipped';
	}
	const source = store.localPath(row.originalKey);
	if (!source) {
		throw new Error('Photo processing needs a local file store.');
	}
	// each job queues on its own: the worker runs two, and a person's request waits behind at most those
	const derived = await imageWork(`${PHOTO_JOBS}:${photoId}`, () =>
		deriveFromFile(source, row.originalType as SourceType)
	);
	const written: (typeof photoVariant.$inferInsert)[] = [];
	for (const v of derived.variants) {
		const key = keys.variant(photoId, v.width, v.format);
		await store.put(key, v.data);
		written.push({
			photoId,
			width: v.width,
			height: v.height,
			format: v.format,
			bytes: v.data.byteLength,
			key
		});
	}
	const stillThere = writeTx(db, (tx) => {
		const current = tx
			.select({ deletedAt: photo.deletedAt })
			.from(photo)
			.where(eq(photo.id, photoId))
			.get();
		if (!current || current.deletedAt) {
			return false;
		}
		// a full-size JPEG made meanwhile (from the same original) stays
		tx.delete(photoVariant)
			.where(and(eq(photoVariant.photoId, photoId), ne(photoVariant.format, 'jpeg')))
			.run();
		tx.insert(photoVariant).values(written).run();
		tx.update(photo)
			.set({
				status: 'ready',
				failureReason: null,
				width: derived.width,
				height: derived.height,
				placeholder: derived.placeholder
			})
			.where(eq(photo.id, photoId))
			.run();
		// the next step, in the same commit: a ready photo is always aligned or queued to be
		enqueue(tx, ALIGN_JOB, { photoId });
		return true;
	});
	if (!stillThere) {
		// Deleted while we worked: nothing may outlive the photo.
		await Promise.all(written.map((w) => store.delete(w.key)));
		return 'skipped';
	}
	return 'ready';
}

/** Decode errors are the file's fault and will not go away on a retry. */
export function isPermanent(error: unknown): boolean {
	return error instanceof DecodeError;
}

export function markFailed(db: Db, photoId: string, reason: string): void {
	writeTx(db, (tx) =>
		tx
			.update(photo)
			.set({ status: 'failed', failureReason: reason.slice(0, 300) })
			.where(eq(photo.id, photoId))
			.run()
	);
}
