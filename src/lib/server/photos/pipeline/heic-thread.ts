import { Worker } from 'node:worker_threads';
import type { HeicGrid } from './heic-grid';

// libheif runs as WASM on whichever thread calls it: about 0.6 s of a blocked event loop per
// iPhone photo. Worker threads keep the server answering while HEIC photos are decoded, and
// since the WASM build has no threads of its own, a tiled photo's tiles are shared out over
// two of them: each takes the next tile from a shared counter and writes its pixels straight
// into the shared RGB picture, so nothing is decoded twice and no full-size copy is posted.
// The worker is plain CommonJS evaluated from a string so it needs no loader and no bundling
// step.
const SOURCE = `
const { parentPort } = require('node:worker_threads');
const { createRequire } = require('node:module');
const decode = require('heic-decode');
// the very module heic-decode loaded, so each thread holds one WASM instance, not two
const libheif = createRequire(require.resolve('heic-decode'))('libheif-js/wasm-bundle');

function tiles({ buffer, grid, next, target }) {
	const ok = libheif.heif_error_code.heif_error_Ok;
	const ctx = libheif.heif_context_alloc();
	try {
		const read = libheif.heif_context_read_from_memory(ctx, buffer);
		if (read.code !== ok) throw new Error(read.message);
		const counter = new Int32Array(next);
		const out = new Uint8Array(target);
		const { width, height, columns, tileWidth, tileHeight } = grid;
		try {
		for (let i; (i = Atomics.add(counter, 0, 1)) < grid.tiles.length; ) {
			const handle = libheif.heif_js_context_get_image_handle(ctx, grid.tiles[i]);
			if (!handle || handle.code) throw new Error('a tile of the grid is missing');
			try {
				const image = libheif.heif_js_decode_image2(
					handle,
					libheif.heif_colorspace.heif_colorspace_RGB,
					libheif.heif_chroma.heif_chroma_interleaved_RGB
				);
				if (!image || image.code) throw new Error('a tile could not be decoded');
				try {
					const plane = image.channels.find(
						(c) => c.id === libheif.heif_channel.heif_channel_interleaved
					);
					if (!plane || plane.width !== tileWidth || plane.height !== tileHeight) {
						throw new Error('a tile is not the size the grid says');
					}
					const x = (i % columns) * tileWidth;
					const y = Math.floor(i / columns) * tileHeight;
					const w = Math.min(tileWidth, width - x) * 3;
					const h = Math.min(tileHeight, height - y);
					for (let row = 0; row < h; row++) {
						const from = row * plane.stride;
						out.set(plane.data.subarray(from, from + w), ((y + row) * width + x) * 3);
					}
				} finally {
					libheif.heif_image_release(image.image);
				}
			} finally {
				libheif.heif_image_handle_release(handle);
			}
		}
		} catch (e) {
			// the picture is lost: the other threads stop taking tiles
			Atomics.store(counter, 0, grid.tiles.length);
			throw e;
		}
	} finally {
		libheif.heif_context_free(ctx);
	}
}

parentPort.on('message', async (m) => {
	try {
		await libheif.ready;
		if (m.grid) {
			tiles(m);
			parentPort.postMessage({ id: m.id });
		} else {
			const { width, height, data } = await decode({ buffer: m.buffer });
			parentPort.postMessage({ id: m.id, width, height, data }, [data.buffer]);
		}
	} catch (e) {
		parentPort.postMessage({ id: m.id, error: String((e && e.message) || e) });
	}
});`;

interface Pending {
	resolve: (r: Reply) => void;
	reject: (e: Error) => void;
}
interface Reply {
	id: number;
	error?: string;
	width?: number;
	height?: number;
	data?: Uint8ClampedArray;
}
export interface HeicPixels {
	width: number;
	height: number;
	data: Uint8ClampedArray;
}

/** One thread a core: the two photo jobs that may run at once take turns on both. */
export const HEIC_THREADS = 2;
/** An idle worker is ended so the WASM heap (which never shrinks) is given back. */
const IDLE_MS = 30_000;

const workers: (Worker | undefined)[] = [];
/** the jobs each worker holds, so a crash rejects only those */
const held: Set<number>[] = [];
const pending = new Map<number, Pending>();
let idleTimer: NodeJS.Timeout | undefined;
let nextId = 0;

function getWorker(slot: number): Worker {
	const existing = workers[slot];
	if (existing) {
		return existing;
	}
	const w = new Worker(SOURCE, { eval: true });
	w.unref();
	const mine = (held[slot] = new Set<number>());
	w.on('message', (m: Reply) => {
		const job = pending.get(m.id);
		pending.delete(m.id);
		mine.delete(m.id);
		if (m.error) {
			job?.reject(new Error(m.error));
		} else {
			job?.resolve(m);
		}
		scheduleIdleStop();
	});
	// A crash, or an exit without one (out of memory), fails the jobs this thread held.
	const fail = (e: Error) => {
		for (const id of mine) {
			pending.get(id)?.reject(e);
			pending.delete(id);
		}
		mine.clear();
		if (workers[slot] === w) {
			workers[slot] = undefined;
		}
	};
	w.on('error', fail);
	w.on('exit', (code) => fail(new Error(`The HEIC thread stopped (exit code ${code}).`)));
	workers[slot] = w;
	return w;
}

function post(slot: number, message: Record<string, unknown>): Promise<Reply> {
	clearTimeout(idleTimer);
	const id = nextId++;
	return new Promise((resolve, reject) => {
		pending.set(id, { resolve, reject });
		const w = getWorker(slot);
		held[slot].add(id);
		w.postMessage({ ...message, id });
	});
}

function scheduleIdleStop(): void {
	clearTimeout(idleTimer);
	if (pending.size === 0) {
		idleTimer = setTimeout(() => {
			for (const w of workers) {
				void w?.terminate();
			}
		}, IDLE_MS);
		idleTimer.unref();
	}
}

/** The primary image whole, as RGBA, on one thread (any HEIF libheif reads). */
export async function decodeHeicOffThread(buffer: Uint8Array): Promise<HeicPixels> {
	const r = await post(0, { buffer });
	return { width: r.width!, height: r.height!, data: r.data! };
}

/**
 * A tiled primary image as RGB, 3 bytes a pixel row by row at the grid's size, not yet
 * rotated; the tiles are decoded on every HEIC thread at once.
 */
export async function decodeHeicGridOffThread(buffer: Uint8Array, grid: HeicGrid): Promise<Buffer> {
	const target = new SharedArrayBuffer(grid.width * grid.height * 3);
	const next = new SharedArrayBuffer(4);
	const threads = Math.min(HEIC_THREADS, grid.tiles.length);
	await Promise.all(
		Array.from({ length: threads }, (_, slot) => post(slot, { buffer, grid, next, target }))
	);
	return Buffer.from(target);
}
