// Aligning a photo to its course's baseline, from any thread: the work runs in one dedicated
// worker thread (worker.ts), because a face detection is a single synchronous WASM block of
// 100–170 ms and ECC up to 300 ms, far over the 50 ms a caller's event loop may stall.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { startTsWorker } from '../../platform/ts-worker';
import type { AlignResult, DetectedFace, ImageRef, PhotoView, Reply, Request } from './types';

export type * from './types';
export type { Similarity } from './similarity';

const ENTRY = 'src/lib/server/photos/align/worker.ts';
/** An idle worker gives its ~200 MB (two WASM heaps, the models) back after this long. */
const IDLE_MS = 5 * 60_000;

/** The worker's source: beside this file, or from the project root once this is bundled. */
function entry(): string {
	let dir = dirname(fileURLToPath(import.meta.url));
	const beside = join(dir, 'worker.ts');
	if (existsSync(beside)) {
		return pathToFileURL(beside).href;
	}
	for (; dirname(dir) !== dir; dir = dirname(dir)) {
		if (existsSync(join(dir, ENTRY))) {
			return pathToFileURL(join(dir, ENTRY)).href;
		}
	}
	throw new Error(`The alignment worker (${ENTRY}) was not found above ${dir}`);
}

/**
 * An error the worker reported. `errorName` is the original's: 'DecodeError' means the file can
 * never be decoded (do not retry), anything else (a missing file, a crashed worker) may pass.
 */
export class AlignError extends Error {
	override name = 'AlignError';
	constructor(
		message: string,
		readonly errorName: string
	) {
		super(message);
	}
}

let worker: Worker | undefined;
let idleTimer: NodeJS.Timeout | undefined;
const pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
let nextId = 0;

function getWorker(): Worker {
	if (worker) {
		return worker;
	}
	const w = startTsWorker(entry());
	w.unref();
	w.on('message', (m: Reply) => {
		const job = pending.get(m.id);
		pending.delete(m.id);
		if (m.ok) {
			job?.resolve(m.result);
		} else {
			job?.reject(new AlignError(m.error, m.name));
		}
		settled();
	});
	const fail = (e: Error) => {
		for (const job of pending.values()) {
			job.reject(e);
		}
		pending.clear();
		if (worker === w) {
			worker = undefined;
		}
	};
	w.on('error', fail);
	w.on('exit', (code) => fail(new Error(`The alignment worker stopped (exit code ${code})`)));
	worker = w;
	return w;
}

// While a request is out the worker keeps the process alive (a script awaiting an alignment
// must not exit under it); idle, it never holds a process open.
function settled(): void {
	clearTimeout(idleTimer);
	if (pending.size === 0) {
		worker?.unref();
		idleTimer = setTimeout(() => void closeAligner(), IDLE_MS);
		idleTimer.unref();
	}
}

type Body = Request extends infer R ? (R extends Request ? Omit<R, 'id'> : never) : never;

function ask<T>(body: Body): Promise<T> {
	clearTimeout(idleTimer);
	const id = nextId++;
	return new Promise<T>((resolve, reject) => {
		pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
		const w = getWorker();
		w.ref();
		w.postMessage({ ...body, id });
	});
}

/**
 * The similarity taking `photo`'s upright pixels to `baseline`'s (both full size), the photo's
 * face, and its capture quality against the baseline. `alignment` is null, with a `reason`, when
 * no transform was found or it is not sure enough to show; the quality is measured either way.
 * Rejects with an AlignError when a file cannot be read or decoded.
 */
export function alignPhoto(args: {
	photo: ImageRef;
	baseline: ImageRef;
	view: PhotoView;
}): Promise<AlignResult> {
	return ask<AlignResult>({ op: 'align', ...args });
}

/** The face in one photo (box, iris centres, an eye bar in fractions of the photo), or null. */
export function detectFace(path: string, type: ImageRef['type']): Promise<DetectedFace | null> {
	return ask<DetectedFace | null>({ op: 'face', image: { path, type } });
}

/** Ends the worker (tests, shutdown); the next call starts a fresh one. */
export async function closeAligner(): Promise<void> {
	clearTimeout(idleTimer);
	const w = worker;
	worker = undefined;
	await w?.terminate();
}
