import type { Db } from '../db/client';
import { config } from '../platform/config';
import { leaseActive } from '../backup/lease';
import type { BlobStore } from './blob-store';

/**
 * Deletes the files of rows that were deleted (or un-published) in a transaction that has
 * already committed. While a backup holds a lease its database snapshot may still point at
 * these files, so they stay until the lease is gone and are deleted then; the row deletion has
 * already made them unreachable (a withdrawn case's URLs answer 404 at once). Checking after the
 * commit is what makes this safe: a backup whose lease we do not see took its snapshot after
 * our commit, so its rows do not point here. If the process stops meanwhile, the sweep collects
 * the files. Best effort like the sweep behind it: a file that survives a failure has no row.
 */
export async function deleteFiles(
	db: Db,
	store: BlobStore,
	keys: string[]
): Promise<'deleted' | 'deferred'> {
	if (keys.length === 0) {
		return 'deleted';
	}
	if (leaseActive(db)) {
		const retry = setTimeout(() => {
			if (db.$client.open) {
				void deleteFiles(db, store, keys).catch((e: unknown) =>
					console.error('deferred file deletion failed', e)
				);
			}
		}, config.backupLeasePollMs());
		retry.unref();
		return 'deferred';
	}
	await Promise.allSettled(keys.map((k) => store.delete(k)));
	return 'deleted';
}
