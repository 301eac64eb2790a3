import { getDb } from '../db/client';
import { getStore } from '../storage';
import { startWorker, type Worker } from '../jobs/worker';
import { backgroundJobs } from './background-jobs';
import { sweepOrphans } from '../photos/pipeline/sweep';
import { queueUnaligned } from '../photos/align/align-job';
import { withdrawLapsedCases } from '../gallery/publish';
import { queueDueReminders, REMINDER_SCAN_MS } from '../mail/reminders';

let worker: Worker | undefined;
const SWEEP_EVERY_MS = 60 * 60 * 1000;
/** When this process started: anything older without a row was left by a previous one. */
const STARTED = new Date(Date.now() - performance.now());

/** The background work of a running server: the photo worker and the orphan sweep. */
export function startBackground(): void {
	if (worker) {
		return;
	}
	const db = getDb();
	const store = getStore();
	worker = startWorker(db, backgroundJobs(db, store), {
		concurrency: Number(process.env.PHOTO_WORKERS) || 2
	});
	// photos from before alignment existed (or whose job was lost) are aligned in the background
	try {
		if (queueUnaligned(db)) {
			worker.poke();
		}
	} catch (e) {
		console.error('queueing photo alignment failed', e);
	}
	const sweep = async (olderThan?: Date) => {
		await withdrawLapsedCases(db, store).catch((e: unknown) =>
			console.error('gallery consent sweep failed', e)
		);
		await sweepOrphans(db, store, new Date(), olderThan).catch((e: unknown) =>
			console.error('orphan sweep failed', e)
		);
	};
	// At start the previous process's leftovers (a crash between a file and its row) go at once.
	void sweep(STARTED);
	setInterval(() => void sweep(), SWEEP_EVERY_MS).unref();
	// Reminders are queued once per due date (dedupe key), so a scan at every start is safe.
	const remind = () => {
		try {
			if (queueDueReminders(db).length) {
				worker?.poke();
			}
		} catch (e) {
			console.error('reminder scan failed', e);
		}
	};
	remind();
	setInterval(remind, REMINDER_SCAN_MS).unref();
}

/** Wakes the worker after an upload so processing starts at once. */
export function pokeWorker(): void {
	worker?.poke();
}
