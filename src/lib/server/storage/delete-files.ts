import type { BlobStore } from './blob-store';

/**
 * What may hold a deletion back, handed in by the caller (backup/lease.ts's backupHold): the
 * storage layer knows files, not backups.
 */
export interface DeletionHold {
	/** whether files must stay for now (a backup's snapshot may still point at them) */
	active(): boolean;
	/** how long to wait before asking again */
	retryMs(): number;
	/** false once the process is shutting the database down: nothing to retry against */
	alive(): boolean;
}

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
	store: BlobStore,
	keys: string[],
	hold: DeletionHold
): Promise<'deleted' | 'deferred'> {
	if (keys.length === 0) {
		return 'deleted';
	}
	if (hold.active()) {
		const retry = setTimeout(() => {
			if (hold.alive()) {
				void deleteFiles(store, keys, hold).catch((e: unknown) =>
					console.error('deferred file deletion failed', e)
				);
			}
		}, hold.retryMs());
		retry.unref();
		return 'deferred';
	}
	await Promise.allSettled(keys.map((k) => store.delete(k)));
	return 'deleted';
}
