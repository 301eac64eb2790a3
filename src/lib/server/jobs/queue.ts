import { and, asc, eq, lte, notInArray } from 'drizzle-orm';
import { writeTx, type Db, type Tx } from '../db/client';
import { job } from '../db/schema';
import { DEFAULT_RETRY, type RetryPolicy } from './handlers';

export type Job = typeof job.$inferSelect;

/**
 * Inserted in the caller's transaction, so the job exists exactly when its subject does.
 * `runAfter` delays it (a notice that waits for a session's photos to be processed).
 */
export function enqueue(
	tx: Tx,
	kind: string,
	payload: unknown,
	now = new Date(),
	runAfter = now
): string {
	return tx
		.insert(job)
		.values({ kind, payload, runAfter, createdAt: now })
		.returning({ id: job.id })
		.get().id;
}

/**
 * Takes the oldest due job, marking it running in the same write so no two workers share it.
 * Kinds in `skipKinds` wait (their lane is busy); a later job of another kind may go first.
 */
export function claimNext(db: Db, now = new Date(), skipKinds: string[] = []): Job | null {
	return writeTx(db, (tx) => {
		const next = tx
			.select()
			.from(job)
			.where(
				and(
					eq(job.status, 'pending'),
					lte(job.runAfter, now),
					skipKinds.length ? notInArray(job.kind, skipKinds) : undefined
				)
			)
			.orderBy(asc(job.runAfter))
			.limit(1)
			.get();
		if (!next) {
			return null;
		}
		tx.update(job)
			.set({ status: 'running', attempts: next.attempts + 1 })
			.where(eq(job.id, next.id))
			.run();
		return { ...next, status: 'running' as const, attempts: next.attempts + 1 };
	});
}

export function finish(tx: Tx, id: string): void {
	tx.update(job).set({ status: 'done', lastError: null }).where(eq(job.id, id)).run();
}

/** Retries with the handler's growing delay until its attempts are spent, then gives up. */
export function failAttempt(
	tx: Tx,
	j: Job,
	message: string,
	retry: boolean,
	now = new Date(),
	policy: RetryPolicy = DEFAULT_RETRY
) {
	const again = retry && j.attempts < policy.attempts;
	tx.update(job)
		.set({
			status: again ? 'pending' : 'failed',
			lastError: message.slice(0, 500),
			runAfter: new Date(now.getTime() + policy.delayMs(j.attempts))
		})
		.where(eq(job.id, j.id))
		.run();
	return again;
}

/** After a crash or restart, work that was in flight is simply done again. */
export function resumeInterrupted(db: Db): number {
	return writeTx(
		db,
		(tx) => tx.update(job).set({ status: 'pending' }).where(eq(job.status, 'running')).run().changes
	);
}
