/**
 * What a kind of job does. Each area that queues work (photos/ today, email next) offers its
 * handlers, and platform/background-jobs.ts gathers them for the worker, which knows none of
 * them by name.
 */
export interface JobHandler {
	/** does the work; throwing fails this attempt */
	run(payload: unknown): Promise<unknown>;
	/** errors no retry can mend (a file that will never decode): no further attempts */
	permanent?(error: unknown): boolean;
	/** after the last attempt failed, so the subject can say so (a photo marked failed) */
	gaveUp?(payload: unknown, message: string): void;
}

/** Job kind (as stored in the queue) → its handler. */
export type JobHandlers = Readonly<Record<string, JobHandler>>;

/** A job whose kind no handler claims fails at once instead of retrying forever. */
export class UnknownJobKind extends Error {
	constructor(kind: string) {
		super(`No handler for job kind “${kind}”.`);
	}
}
