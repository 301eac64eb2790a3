import type { Db } from '../db/client';
import { writeTx } from '../db/client';
import { UnknownJobKind, type JobHandlers } from './handlers';
import { claimNext, failAttempt, finish, resumeInterrupted, type Job } from './queue';

export interface Worker {
	/** resolves once the queue is empty and nothing is running (tests and benchmarks) */
	idle(): Promise<void>;
	/** wakes the worker now instead of at the next poll */
	poke(): void;
	stop(): Promise<void>;
}

/**
 * The in-process worker: at most `concurrency` jobs at a time, woken by new uploads and by a
 * slow poll (for retries whose delay has passed). Jobs left running by a crash start again.
 */
export function startWorker(
	db: Db,
	handlers: JobHandlers,
	opts: { concurrency?: number; pollMs?: number; log?: (msg: string) => void } = {}
): Worker {
	const concurrency = opts.concurrency ?? 2;
	const log = opts.log ?? ((msg) => console.error(msg));
	resumeInterrupted(db);
	let running = 0;
	let stopped = false;
	const busyLanes = new Set<string>();
	const laneOf = (kind: string) =>
		Object.hasOwn(handlers, kind) ? handlers[kind].lane : undefined;
	// the kinds that must wait while their lane is busy
	const waiting = () => Object.keys(handlers).filter((k) => busyLanes.has(laneOf(k) ?? ''));
	let idleWaiters: (() => void)[] = [];

	async function run(j: Job) {
		const handler = Object.hasOwn(handlers, j.kind) ? handlers[j.kind] : undefined;
		try {
			if (!handler) {
				throw new UnknownJobKind(j.kind);
			}
			await handler.run(j.payload);
			writeTx(db, (tx) => finish(tx, j.id));
		} catch (e) {
			const message = e instanceof Error ? e.message : String(e);
			const retry = !!handler && !handler.permanent?.(e);
			const retrying = writeTx(db, (tx) =>
				failAttempt(tx, j, message, retry, new Date(), handler?.retry)
			);
			if (!retrying) {
				handler?.gaveUp?.(j.payload, message);
			}
			log(`job ${j.kind} ${j.id} failed (attempt ${j.attempts}): ${message}`);
		}
	}

	function pump() {
		while (!stopped && running < concurrency) {
			const j = claimNext(db, new Date(), waiting());
			if (!j) {
				break;
			}
			running++;
			const lane = laneOf(j.kind);
			if (lane) {
				busyLanes.add(lane);
			}
			void run(j).finally(() => {
				running--;
				if (lane) {
					busyLanes.delete(lane);
				}
				pump();
			});
		}
		if (running === 0) {
			const waiters = idleWaiters;
			idleWaiters = [];
			waiters.forEach((w) => w());
		}
	}

	const timer = setInterval(pump, opts.pollMs ?? 2000);
	timer.unref();
	queueMicrotask(pump);

	return {
		poke: () => queueMicrotask(pump),
		idle: () =>
			new Promise<void>((resolve) => {
				idleWaiters.push(resolve);
				queueMicrotask(pump);
			}),
		async stop() {
			stopped = true;
			clearInterval(timer);
			while (running > 0) {
				await new Promise((r) => setTimeout(r, 20));
			}
		}
	};
}
