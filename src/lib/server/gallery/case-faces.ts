// The faces in a gallery case's two photos, for the eye bars a new draft starts with and for the
// publish check that the eyes are covered. The alignment job's row gives the eyes when it has
// run; otherwise the alignment worker looks, once per photo (an original never changes, DESIGN
// invariant 7, so what it found is kept in memory for the editor's next load).
import sharp from 'sharp';
import { inArray } from 'drizzle-orm';
import type { Db } from '../db/client';
import { photoAlignment, type Photo } from '../db/schema';
import type { BlobStore } from '../storage/blob-store';
import { detectFace, type DetectedFace } from '../photos/align/align';
import type { SourceType } from '../photos/pipeline/decode';
import type { FaceFinding } from '../../domain/publish-checks';
import type { Rect } from '../../domain/redaction';

/**
 * How long a request waits for the worker. Warm, a detection takes ~150 ms; a cold worker loads
 * its models first (a few seconds, more on a busy machine). Past this the draft opens without
 * bars and the detection finishes in the background into the cache.
 */
export const DETECT_TIMEOUT_MS = 15_000;
const CACHE_LIMIT = 500;

type Detected = { eyes: [[number, number], [number, number]]; bar: Rect } | null;
const found = new Map<string, Detected>();
const running = new Map<string, Promise<Detected>>();

function remember(photoId: string, value: Detected) {
	if (found.size >= CACHE_LIMIT) {
		found.delete(found.keys().next().value!);
	}
	found.set(photoId, value);
}

/** The photo's upright size: from its row, or from the file when the row has none. */
async function uprightSize(p: Photo, path: string) {
	if (p.width && p.height) {
		return { width: p.width, height: p.height };
	}
	const m = await sharp(path).metadata();
	const turned = (m.orientation ?? 1) >= 5;
	return { width: turned ? m.height! : m.width!, height: turned ? m.width! : m.height! };
}

async function detect(p: Photo, path: string): Promise<Detected> {
	const face: DetectedFace | null = await detectFace(path, p.originalType as SourceType);
	if (!face) {
		return null;
	}
	const { width, height } = await uprightSize(p, path);
	const frac = ([x, y]: readonly [number, number]): [number, number] => [x / width, y / height];
	return { eyes: [frac(face.eyes[0]), frac(face.eyes[1])], bar: face.eyeBar };
}

/** The face the worker finds, shared by concurrent asks; undefined when it took too long. */
async function detectedWithin(p: Photo, store: BlobStore, ms: number) {
	if (found.has(p.id)) {
		return found.get(p.id)!;
	}
	const path = store.localPath(p.originalKey);
	if (!path) {
		return undefined;
	}
	let job = running.get(p.id);
	if (!job) {
		job = detect(p, path)
			.then((d) => {
				remember(p.id, d);
				return d;
			})
			.finally(() => running.delete(p.id));
		running.set(p.id, job);
	}
	let timer: ReturnType<typeof setTimeout> | undefined;
	const late = new Promise<undefined>((resolve) => {
		timer = setTimeout(() => resolve(undefined), ms);
	});
	try {
		return await Promise.race([job, late]);
	} catch {
		// a worker that cannot start or read the file: no bar, the clinician places one
		return undefined;
	} finally {
		clearTimeout(timer);
	}
}

/**
 * Each photo's face by id. The eyes come from the alignment row when it has a face (and the
 * photo's size is known); the bar, which a row does not keep, needs the worker, so `withBars`
 * asks it even then. `detect: false` reads only the rows (views a face detector does not read).
 */
export async function caseFaces(
	db: Db,
	store: BlobStore,
	photos: Photo[],
	opts: { withBars?: boolean; timeoutMs?: number; detect?: boolean } = {}
): Promise<Map<string, FaceFinding>> {
	const rows = photos.length
		? db
				.select({ photoId: photoAlignment.photoId, face: photoAlignment.face })
				.from(photoAlignment)
				.where(
					inArray(
						photoAlignment.photoId,
						photos.map((p) => p.id)
					)
				)
				.all()
		: [];
	const out = new Map<string, FaceFinding>();
	await Promise.all(
		photos.map(async (p) => {
			const stored = rows.find((r) => r.photoId === p.id)?.face as
				{ eyes: [[number, number], [number, number]] } | null | undefined;
			if (stored?.eyes && p.width && p.height && !opts.withBars && !found.has(p.id)) {
				const [w, h] = [p.width, p.height];
				const [a, b] = stored.eyes;
				const eyes = [
					[a[0] / w, a[1] / h],
					[b[0] / w, b[1] / h]
				] as const;
				out.set(p.id, { found: true, eyes, bar: barAround(stored.eyes, w, h) });
				return;
			}
			if (opts.detect === false && !found.has(p.id)) {
				out.set(p.id, { found: false, known: false });
				return;
			}
			const d = await detectedWithin(p, store, opts.timeoutMs ?? DETECT_TIMEOUT_MS);
			out.set(p.id, d ? { found: true, ...d } : { found: false, known: d === null });
		})
	);
	return out;
}

/**
 * A bar from the eye centres alone (a row keeps no eye outlines): as wide as the eyes apart
 * and 0.9 of that again to each side's outer corner, 0.55 of it tall, like the worker's.
 */
function barAround(
	eyes: [[number, number], [number, number]],
	width: number,
	height: number
): Rect {
	const d = Math.hypot(eyes[1][0] - eyes[0][0], eyes[1][1] - eyes[0][1]);
	const cx = (eyes[0][0] + eyes[1][0]) / 2;
	const cy = (eyes[0][1] + eyes[1][1]) / 2;
	const x = Math.max(0, (cx - d * 0.95) / width);
	const y = Math.max(0, (cy - d * 0.28) / height);
	return { x, y, w: Math.min(1 - x, (d * 1.9) / width), h: Math.min(1 - y, (d * 0.56) / height) };
}

/** Forgets what the worker found (tests). */
export function forgetFaces(): void {
	found.clear();
}
