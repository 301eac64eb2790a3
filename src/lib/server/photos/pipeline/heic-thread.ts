import { Worker } from 'node:worker_threads';

// libheif runs as WASM on whichever thread calls it: about 0.6 s of a blocked event loop per
// iPhone photo. A worker thread keeps the server answering while HEIC photos are decoded. The
// worker is plain CommonJS evaluated from a string so it needs no loader and no bundling step.
const SOURCE = `
const { parentPort } = require('node:worker_threads');
const decode = require('heic-decode');
parentPort.on('message', async ({ id, buffer }) => {
	try {
		const { width, height, data } = await decode({ buffer });
		parentPort.postMessage({ id, width, height, data });
	} catch (e) {
		parentPort.postMessage({ id, error: String((e && e.message) || e) });
	}
});`;

interface Pending {
	resolve: (r: HeicPixels) => void;
	reject: (e: Error) => void;
}
export interface HeicPixels {
	width: number;
	height: number;
	data: Uint8ClampedArray;
}

let worker: Worker | undefined;
let idleTimer: NodeJS.Timeout | undefined;
const pending = new Map<number, Pending>();
let nextId = 0;
/** An idle worker is ended so the WASM heap (which never shrinks) is given back. */
const IDLE_MS = 30_000;

function getWorker(): Worker {
	if (worker) {
		return worker;
	}
	const w = new Worker(SOURCE, { eval: true });
	w.unref();
	w.on('message', (m: { id: number; error?: string } & HeicPixels) => {
		const job = pending.get(m.id);
		pending.delete(m.id);
		if (m.error) {
			job?.reject(new Error(m.error));
		} else {
			job?.resolve({ width: m.width, height: m.height, data: m.data });
		}
		scheduleIdleStop();
	});
	w.on('error', (e) => {
		for (const job of pending.values()) {
			job.reject(e);
		}
		pending.clear();
		worker = undefined;
	});
	w.on('exit', () => {
		if (worker === w) {
			worker = undefined;
		}
	});
	worker = w;
	return w;
}

function scheduleIdleStop(): void {
	clearTimeout(idleTimer);
	if (pending.size === 0) {
		idleTimer = setTimeout(() => void worker?.terminate(), IDLE_MS);
		idleTimer.unref();
	}
}

export function decodeHeicOffThread(buffer: Uint8Array): Promise<HeicPixels> {
	clearTimeout(idleTimer);
	const id = nextId++;
	return new Promise((resolve, reject) => {
		pending.set(id, { resolve, reject });
		getWorker().postMessage({ id, buffer });
	});
}
