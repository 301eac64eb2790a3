// Photo pipeline benchmark: derivative set vs. its lower bound, worker throughput, upload answer
// time. In-process, on temp folders; prints figures for run.ts to collect.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import sharp from 'sharp';
import {
	MAX_INPUT_PIXELS,
	decodeOriented,
	type SourceType
} from '../../src/lib/server/photos/pipeline/decode';
import {
	VARIANT_FORMATS,
	VARIANT_WIDTHS,
	deriveFromFile,
	encodeVariant,
	thumbhash,
	variantWidths
} from '../../src/lib/server/photos/pipeline/derive';
import { photoTestClinic, uploadRequest } from '../support/photo-clinic';
import { handlePhotoUpload } from '../../src/lib/server/photos/intake/upload-request';
import { startWorker } from '../../src/lib/server/jobs/worker';
import { backgroundJobs } from '../../src/lib/server/platform/background-jobs';

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const time = async (fn: () => Promise<unknown>) => {
	const t0 = performance.now();
	await fn();
	return performance.now() - t0;
};

/** A 12-megapixel camera-like JPEG: noise over gradients, so it compresses like a photo. */
export async function make12mpJpeg(file: string): Promise<void> {
	const width = 4032;
	const height = 3024;
	const noise = await sharp({
		create: {
			width,
			height,
			channels: 3,
			background: '#808080',
			noise: { type: 'gaussian', mean: 128, sigma: 40 }
		}
	})
		.blur(1.2)
		.raw()
		.toBuffer();
	await sharp(noise, { raw: { width, height, channels: 3 } })
		.jpeg({ quality: 90 })
		.withExif({ IFD0: { Make: 'BenchCam', Orientation: '1' } })
		.toFile(file);
}

async function derivativeFigures(file: string, type: SourceType, runs: number) {
	await deriveFromFile(file, type); // warm-up
	const full: number[] = [];
	const bound: number[] = [];
	for (let i = 0; i < runs; i++) {
		full.push(await time(() => deriveFromFile(file, type)));
		// Lower bound: one shrink-on-load decode to the largest width, plus the encodes alone
		// (each size resized ahead of time, outside the clock).
		const t0 = performance.now();
		const decoded = await decodeOriented(file, type, VARIANT_WIDTHS.at(-1)!, 'inside');
		const decodeMs = performance.now() - t0;
		const sized = await Promise.all(
			variantWidths(decoded.info.width).map((w) =>
				sharp(decoded.data, { raw: decoded.info })
					.resize({ width: w })
					.raw()
					.toBuffer({ resolveWithObject: true })
			)
		);
		const t1 = performance.now();
		await Promise.all(
			sized.flatMap((s) =>
				(['avif', 'webp'] as const).map((f) =>
					encodeVariant({ data: s.data, info: s.info as never }, f)
				)
			)
		);
		bound.push(decodeMs + (performance.now() - t1));
	}
	const fullMs = median(full);
	const boundMs = median(bound);
	return {
		ms_per_photo: Math.round(fullMs),
		lower_bound_ms: Math.round(boundMs),
		ratio: Number((fullMs / boundMs).toFixed(2))
	};
}

/**
 * The HEIC's own picture as a 12 MP JPEG (quality 90, 3024 wide like a 12 MP phone's portrait
 * frame): the same content and the same output sizes as the HEIC, so that a ratio to it is the
 * cost of the format and of our HEIC path alone.
 */
export async function samePhotoJpeg(heic: string, file: string): Promise<void> {
	const full = await decodeOriented(heic, 'image/heic', MAX_INPUT_PIXELS);
	await sharp(full.data, { raw: full.info })
		.resize({ width: 3024 })
		.jpeg({ quality: 90 })
		.toFile(file);
}

const cpuMs = () => {
	const u = process.cpuUsage(); // every thread of the process: libvips', libuv's, the HEIC workers'
	return (u.user + u.system) / 1000;
};

/** One derivative set (what the photo job does), then the same work stage by stage. */
async function stages(file: string, type: SourceType) {
	const t0 = performance.now();
	const c0 = cpuMs();
	await deriveFromFile(file, type);
	const set = { wall: performance.now() - t0, cpu: cpuMs() - c0 };
	const parts: Record<string, number> = {};
	let t = performance.now();
	const decoded = await decodeOriented(file, type, Math.max(...VARIANT_WIDTHS), 'inside');
	parts.decode = performance.now() - t;
	for (const width of variantWidths(decoded.info.width)) {
		for (const format of VARIANT_FORMATS) {
			t = performance.now();
			await encodeVariant(decoded, format, width);
			parts[`${format}_${width}`] = performance.now() - t;
		}
	}
	t = performance.now();
	await thumbhash(decoded);
	parts.thumbhash = performance.now() - t;
	const { width, height } = decoded.info;
	return { set, parts, top: `${width}×${height}` };
}

/**
 * The HEIC against two JPEGs, each derivative set timed alone, in interleaved rounds so that
 * other work on the shared cores lands on all three alike. Ratio = median HEIC set / median
 * JPEG set, wall time (the measure) and CPU time of all threads (less moved by load).
 * - `jpeg_12mp`: the synthetic 12 MP landscape JPEG above. Both top variants now fit a 1920 px
 *   square (1920×1440 and the portrait HEIC's 1487×1920; until 3 Dec the HEIC's was 1920×2479,
 *   1.72× the pixels), but its noise still encodes cheaper than a photo (AVIF), so this ratio
 *   also measures content.
 * - `jpeg_12mp_same_photo`: the HEIC's own picture as a 12 MP JPEG: like with like.
 */
export async function heicAgainstJpeg(heic: string, jpeg: string, samePhoto: string, runs: number) {
	const files = {
		heic: [heic, 'image/heic'],
		jpeg_12mp: [jpeg, 'image/jpeg'],
		jpeg_12mp_same_photo: [samePhoto, 'image/jpeg']
	} as const;
	const seen: Record<string, Awaited<ReturnType<typeof stages>>[]> = {};
	for (const [file, type] of Object.values(files)) {
		await deriveFromFile(file, type); // warm-up
	}
	for (let i = 0; i < runs; i++) {
		for (const [name, [file, type]] of Object.entries(files)) {
			(seen[name] ??= []).push(await stages(file, type));
		}
	}
	const summary = Object.fromEntries(
		Object.entries(seen).map(([name, runs]) => {
			const stageNames = Object.keys(runs[0].parts);
			return [
				name,
				{
					top_variant: runs[0].top,
					set_ms: Math.round(median(runs.map((r) => r.set.wall))),
					set_cpu_ms: Math.round(median(runs.map((r) => r.set.cpu))),
					stage_ms: Object.fromEntries(
						stageNames.map((s) => [s, Math.round(median(runs.map((r) => r.parts[s])))])
					)
				}
			];
		})
	);
	const ratio = (a: number, b: number) => Number((a / b).toFixed(2));
	const h = summary.heic;
	return {
		runs,
		...summary,
		ratio_to_jpeg_12mp: ratio(h.set_ms, summary.jpeg_12mp.set_ms),
		ratio_to_jpeg_12mp_same_photo: ratio(h.set_ms, summary.jpeg_12mp_same_photo.set_ms),
		cpu_ratio_to_jpeg_12mp: ratio(h.set_cpu_ms, summary.jpeg_12mp.set_cpu_ms),
		cpu_ratio_to_jpeg_12mp_same_photo: ratio(h.set_cpu_ms, summary.jpeg_12mp_same_photo.set_cpu_ms)
	};
}

export async function photoPipelineBench() {
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'resurface-bench-'));
	const jpeg = path.join(dir, '12mp.jpg');
	await make12mpJpeg(jpeg);
	const heic = path.resolve('../shared/fixtures/photos/heic/iphone-IMG_5195.heic');
	const stall = monitorEventLoopDelay({ resolution: 10 });
	const settle = () => new Promise((r) => setTimeout(r, 30));
	stall.enable();
	await settle();
	await deriveFromFile(heic, 'image/heic');
	await settle(); // a blocked loop is only recorded when the next timer finally runs
	stall.disable();
	const samePhoto = path.join(dir, 'same-photo.jpg');
	await samePhotoJpeg(heic, samePhoto);
	const results = {
		jpeg_12mp: await derivativeFigures(jpeg, 'image/jpeg', 3),
		heic_iphone: {
			...(await derivativeFigures(heic, 'image/heic', 2)),
			// libheif runs in worker threads; this is the longest the server could not answer
			event_loop_max_stall_ms: Math.round(stall.max / 1e6)
		},
		heic_vs_jpeg: await heicAgainstJpeg(heic, jpeg, samePhoto, 5)
	};

	// Upload answer (in-process: body already in memory, so transfer is excluded) and worker
	// throughput at full concurrency.
	const c = photoTestClinic();
	const p = c.addPatient();
	const bytes = fs.readFileSync(jpeg);
	const answers: number[] = [];
	const n = 8;
	for (let i = 0; i < n; i++) {
		const request = uploadRequest([{ name: `p${i}.jpg`, bytes }]);
		answers.push(await time(() => handlePhotoUpload(c.db, c.store, c.actor, p, request)));
	}
	const worker = startWorker(c.db, backgroundJobs(c.db, c.store), {
		concurrency: 2,
		log: () => {}
	});
	const throughputMs = await time(() => worker.idle());
	await worker.stop();
	const ready = c.count('photo_variant') > 0;
	c.cleanup();
	fs.rmSync(dir, { recursive: true, force: true });
	return {
		...results,
		upload_answer_ms_12mp_p50: Math.round(median(answers)),
		worker_photos_per_minute: Number(((n / throughputMs) * 60_000).toFixed(1)),
		worker_ready: ready
	};
}
