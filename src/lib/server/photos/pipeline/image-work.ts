import pLimit, { type LimitFunction } from 'p-limit';

/**
 * sharp runs each operation on one of libuv's four pool threads, the threads that also serve
 * every file read (a stored variant, the database's neighbours, the upload's temp file). With
 * no bound, four slow decodes held all four and a small image waited a minute behind them.
 * Two at a time keeps two threads free for everyone else and both cores busy: libvips spreads
 * a single decode or encode over the cores by itself.
 */
export const IMAGE_WORK_CONCURRENCY = 2;

const shared = pLimit(IMAGE_WORK_CONCURRENCY);
const owners = new Map<string, { limit: LimitFunction; tasks: number }>();

/**
 * Runs one piece of heavy image work (a decode, the derivative set, a full-size JPEG, a
 * redacted render) when a slot is free. Each owner (a signed-in person, the photo worker)
 * has at most one piece waiting for or holding a slot, the rest wait behind it: four slow
 * requests from one person take turns with everyone else's instead of filling the queue.
 */
export function imageWork<T>(owner: string, work: () => Promise<T>): Promise<T> {
	let own = owners.get(owner);
	if (!own) {
		own = { limit: pLimit(1), tasks: 0 };
		owners.set(owner, own);
	}
	const entry = own;
	entry.tasks++;
	return entry
		.limit(() => shared(work))
		.finally(() => {
			if (--entry.tasks === 0) {
				owners.delete(owner);
			}
		});
}

/** What is running and waiting now (benchmarks and tests). */
export function imageWorkLoad() {
	return { active: shared.activeCount, waiting: shared.pendingCount, owners: owners.size };
}

/** The photo worker's jobs are owned by `photo-jobs:<photo id>`. */
export const PHOTO_JOBS = 'photo-jobs';
