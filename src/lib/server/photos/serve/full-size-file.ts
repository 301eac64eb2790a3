import { and, eq, isNull } from 'drizzle-orm';
import { writeTx, type Db } from '../../db/client';
import { photo, photoVariant, type Photo } from '../../db/schema';
import type { BlobStore } from '../../storage/blob-store';
import { keys } from '../../storage';
import type { SourceType } from '../pipeline/decode';
import { fullSizeJpeg } from '../pipeline/full-size';
import { imageWork } from '../pipeline/image-work';

/** Where a made full-size JPEG is: a photo_variant row of format jpeg, next to the others. */
export interface FullSizeFile {
	key: string;
	bytes: number;
}

const making = new Map<string, Promise<FullSizeFile | null>>();

/**
 * The photo's full-size JPEG, made from the original the first time anyone asks (photos
 * uploaded before it was kept included) and kept as a variant row and file: backups, restore,
 * the sweep and deletion know it like every other variant, and later requests only read it.
 * Concurrent first requests share one making. Null when the photo is not ready, was deleted or
 * its original is gone.
 */
export async function fullSizeFile(
	db: Db,
	store: BlobStore,
	p: Photo,
	owner: string
): Promise<FullSizeFile | null> {
	if (p.status !== 'ready' || p.deletedAt) {
		return null;
	}
	const kept = db
		.select({ key: photoVariant.key, bytes: photoVariant.bytes })
		.from(photoVariant)
		.where(and(eq(photoVariant.photoId, p.id), eq(photoVariant.format, 'jpeg')))
		.get();
	if (kept && (await store.size(kept.key)) !== null) {
		return kept;
	}
	let made = making.get(p.id);
	if (!made) {
		made = make(db, store, p, owner).finally(() => making.delete(p.id));
		making.set(p.id, made);
	}
	return made;
}

async function make(
	db: Db,
	store: BlobStore,
	p: Photo,
	owner: string
): Promise<FullSizeFile | null> {
	const source = store.localPath(p.originalKey);
	if (!source || (await store.size(p.originalKey)) === null) {
		return null;
	}
	const { data, info } = await imageWork(owner, () =>
		fullSizeJpeg(source, p.originalType as SourceType)
	);
	const key = keys.variant(p.id, info.width, 'jpg');
	await store.put(key, data);
	const live = writeTx(db, (tx) => {
		const row = tx
			.select({ id: photo.id })
			.from(photo)
			.where(and(eq(photo.id, p.id), isNull(photo.deletedAt)))
			.get();
		if (!row) {
			return false;
		}
		tx.insert(photoVariant)
			.values({
				photoId: p.id,
				width: info.width,
				height: info.height,
				format: 'jpeg',
				bytes: data.length,
				key
			})
			.onConflictDoUpdate({
				target: [photoVariant.photoId, photoVariant.width, photoVariant.format],
				set: { bytes: data.length, key }
			})
			.run();
		return true;
	});
	if (!live) {
		// Deleted while it was made: nothing may outlive the photo.
		await store.delete(key);
		return null;
	}
	return { key, bytes: data.length };
}
