import fsp from 'node:fs/promises';
import path from 'node:path';
import { isNull, sql } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { clinic, galleryImage, photo, photoVariant } from '../../db/schema';
import { logoBlobKey } from '../../clinic/brand';
import { leaseActive } from '../../backup/lease';
import type { BlobStore } from '../../storage/blob-store';

/** Younger files may belong to an upload or a job whose row has not committed yet. */
export const SWEEP_GRACE_MS = 15 * 60 * 1000;

/**
 * Deletes media files that no live row points to (a crash between writing a file and
 * committing its row, or between deleting a row and its files) and abandoned upload temps.
 * Only files last written before `olderThan` are candidates: by default 15 minutes ago; at
 * start-up, the moment this process started, since no upload of a dead process can still be
 * about to commit its row.
 */
export async function sweepOrphans(
	db: Db,
	store: BlobStore,
	now = new Date(),
	olderThan = new Date(now.getTime() - SWEEP_GRACE_MS)
): Promise<number> {
	const cutoff = olderThan.getTime();
	const live = liveKeysUnlessLeased(db, now);
	if (!live) {
		// A backup is copying the files of its snapshot; the next sweep collects what is left.
		return 0;
	}
	let removed = 0;
	for (const prefix of ['private/originals', 'private/variants', 'public', 'brand']) {
		for await (const { key, modifiedAt } of store.list(prefix)) {
			if (!live.has(key) && modifiedAt.getTime() < cutoff) {
				await store.delete(key);
				removed++;
			}
		}
	}
	const tmp = store.tempDir();
	for (const name of await fsp.readdir(tmp).catch(() => [] as string[])) {
		const full = path.join(tmp, name);
		const stat = await fsp.stat(full).catch(() => null);
		if (stat && stat.mtimeMs < cutoff) {
			await fsp.rm(full, { force: true });
			removed++;
		}
	}
	return removed;
}

/**
 * The keys live rows point to, or null while a backup holds a lease. One read transaction:
 * a backup whose lease this does not see snapshots later, so it cannot point at a file that
 * has no live row here (files are written before their rows, and a key is never reused).
 */
function liveKeysUnlessLeased(db: Db, now: Date): Set<string> | null {
	return db.transaction(() => {
		if (leaseActive(db, now)) {
			return null;
		}
		const live = new Set<string>();
		for (const r of db
			.select({ key: photo.originalKey })
			.from(photo)
			.where(isNull(photo.deletedAt))
			.all()) {
			live.add(r.key);
		}
		for (const r of db.select({ key: photoVariant.key }).from(photoVariant).all()) {
			live.add(r.key);
		}
		for (const r of db.select({ key: galleryImage.key }).from(galleryImage).all()) {
			live.add(r.key);
		}
		// a replaced logo is deleted after its clinic's row names the new one: a crash between
		// the two left the old file behind
		for (const r of db
			.select({ key: sql<string | null>`json_extract(${clinic.settings}, '$.logo.key')` })
			.from(clinic)
			.all()) {
			if (r.key) {
				live.add(logoBlobKey(r.key));
			}
		}
		return live;
	});
}
