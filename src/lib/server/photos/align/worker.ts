// The alignment thread (started by align.ts). human and OpenCV are loaded on the first request
// and kept; requests run one at a time in arrival order, so one WASM computation runs at once
// and memory stays flat however many uploads are waiting (10 in flight: +218 MB in all).
import { parentPort } from 'node:worker_threads';
import { alignPair, landmarksOf, type Engines } from './align-pair';
import { eyeBar, faceInOriginal } from './face-geometry';
import { loadHuman } from './landmarks';
import { prepare } from './prepare';
import { loadOpenCv, registration } from './registration';
import type { DetectedFace, Reply, Request } from './types';

let engines: Promise<Engines> | undefined;

function loadEngines(): Promise<Engines> {
	if (!engines) {
		engines = (async () => {
			const human = await loadHuman();
			const { cv } = await loadOpenCv();
			return { human, cv, reg: registration(cv) };
		})();
		// a failed load (a model missing) is retried by the next request, not kept
		engines.catch(() => (engines = undefined));
	}
	return engines;
}

async function handle(req: Request): Promise<Extract<Reply, { ok: true }>['result']> {
	const e = await loadEngines();
	if (req.op === 'align') {
		const photo = await prepare(req.photo);
		// the same file twice is a baseline measured against itself: prepared (and its face found) once
		const baseline = req.baseline.path === req.photo.path ? photo : await prepare(req.baseline);
		return alignPair(e, photo, baseline, req.view);
	}
	const image = await prepare(req.image);
	const l = await landmarksOf(e, image);
	if (!l) {
		return null;
	}
	const face: DetectedFace = {
		...faceInOriginal(l, image.kRgb),
		score: Math.round(l.score * 1000) / 1000,
		eyeBar: eyeBar(l, image.rgb)
	};
	return face;
}

let tail: Promise<unknown> = Promise.resolve();

parentPort?.on('message', (req: Request) => {
	tail = tail.then(async () => {
		let reply: Reply;
		try {
			reply = { id: req.id, ok: true, result: await handle(req) };
		} catch (error) {
			const e = error instanceof Error ? error : new Error(String(error));
			reply = { id: req.id, ok: false, error: e.message, name: e.name };
		}
		parentPort!.postMessage(reply);
	});
});
