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
	/** how often to try and how long to wait before try n+1 (default: 3 tries, 2ⁿ s apart) */
	retry?: RetryPolicy;
	/**
	 * Jobs that name the same lane run one at a time, whatever the worker's concurrency. The
	 * image encoders share one: each already keeps both cores busy through libvips' threads, so a
	 * second at once adds its ~130 MB of pixels to the peak and hardly any speed.
	 */
	lane?: string;
}

export interface RetryPolicy {
	attempts: number;
	delayMs(attempt: number): number;
}

export const DEFAULT_RETRY: RetryPolicy = { attempts: 3, delayMs: (n) => 2 ** n * 1000 };

/** The lane of the jobs that decode and encode whole photos: photo variants, gallery AVIF. */
export const IMAGE_LANE = 'image-encode';

/** Job kind (as stored in the queue) → its handler. */
export type JobHandlers = Readonly<Record<string, JobHandler>>;

/** A job whose kind no handler claims fails at once instead of retrying forever. */
export class UnknownJobKind extends Error {
	constructor(kind: string) {
		super(`No handler for job kind “${kind}”.`);
	}
}
