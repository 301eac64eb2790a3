import { availableParallelism } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { CourseJob } from './photo-course';
import { startTsWorker } from '../../lib/server/platform/ts-worker';

// Drawing the demo's photos is most of seeding's time and needs no database, so patients are
// drawn side by side in worker threads (platform/ts-worker.ts) while seed.ts, the only writer,
// stores what comes back.

/** Two threads on a small machine, never more than four: seeding shares it with a server. */
export function renderThreads(): number {
	return Math.max(1, Math.min(4, availableParallelism()));
}

export interface RenderPool {
	/** Every photo of one course, per session then per view, as JPEG bytes. */
	render(job: CourseJob): Promise<Buffer[][]>;
	close(): Promise<void>;
}

export function renderPool(threads = renderThreads()): RenderPool {
	const here = dirname(fileURLToPath(import.meta.url));
	const entry = pathToFileURL(join(here, 'render-worker.ts')).href;
	const waiting = new Map<
		number,
		{ resolve: (v: Buffer[][]) => void; reject: (e: Error) => void }
	>();
	const queue: { id: number; job: CourseJob }[] = [];
	const idle: Worker[] = [];
	const workers: Worker[] = [];
	let nextId = 0;
	let failed: Error | undefined;
	let closing = false;

	const fail = (error: Error) => {
		failed ??= error;
		for (const w of waiting.values()) {
			w.reject(error);
		}
		waiting.clear();
	};
	const dispatch = () => {
		while (idle.length > 0 && queue.length > 0) {
			idle.pop()!.postMessage(queue.shift());
		}
	};
	for (let i = 0; i < threads; i++) {
		const worker = startTsWorker(entry);
		worker.on('message', (m: { id: number; sessions?: Uint8Array[][]; error?: string }) => {
			const w = waiting.get(m.id);
			waiting.delete(m.id);
			if (m.error !== undefined || !m.sessions) {
				w?.reject(new Error(`Drawing a demo course failed: ${m.error}`));
			} else {
				w?.resolve(
					m.sessions.map((s) => s.map((b) => Buffer.from(b.buffer, b.byteOffset, b.length)))
				);
			}
			idle.push(worker);
			dispatch();
		});
		worker.on('error', fail);
		worker.on('exit', (code) => {
			if (code !== 0 && !closing) {
				fail(new Error(`A demo render thread stopped (exit code ${code})`));
			}
		});
		workers.push(worker);
		idle.push(worker);
	}
	return {
		render(job) {
			if (failed) {
				return Promise.reject(failed);
			}
			const id = nextId++;
			const done = new Promise<Buffer[][]>((resolve, reject) =>
				waiting.set(id, { resolve, reject })
			);
			queue.push({ id, job });
			dispatch();
			return done;
		},
		async close() {
			closing = true;
			await Promise.all(workers.map((w) => w.terminate()));
		}
	};
}
