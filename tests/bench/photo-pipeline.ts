// Photo pipeline benchmark: derivative set vs. its lower bound, worker throughput, upload answer
// time. In-process, on temp folders; prints figures for run.ts to collect.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import sharp from 'sharp';
import { decodeOriented, type SourceType } from '../../src/lib/server/photos/pipeline/decode';
import { VARIANT_WIDTHS, deriveFromFile } from '../../src/lib/server/photos/pipeline/derive';
import { encodeVariant } from '../../src/lib/server/photos/pipeline/derive';
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
		const decoded = await decodeOriented(file, type, VARIANT_WIDTHS.at(-1)!);
		const decodeMs = performance.now() - t0;
		const sized = await Promise.all(
			VARIANT_WIDTHS.filter((w) => w <= decoded.info.width).map((w) =>
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
	const results = {
		jpeg_12mp: await derivativeFigures(jpeg, 'image/jpeg', 3),
		heic_iphone: {
			...(await derivativeFigures(heic, 'image/heic', 2)),
			// libheif runs in a worker thread; this is the longest the server could not answer
			event_loop_max_stall_ms: Math.round(stall.max / 1e6)
		}
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
