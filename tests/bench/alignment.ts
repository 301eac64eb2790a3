// `npm run bench -- alignment`: issue 18's accuracy and cost figures for aligning a photo to its
// baseline. Accuracy: random similarity transforms (rotation ±10°, scale 0.85–1.15, shift ±10 %,
// exposure ±30 %, white balance ±10 % on R and B) of the face fixtures and of demo photos
// (close-ups of the cheek and of the abdomen, later session onto the first), each within 0.5°,
// 1 % scale and 0.5 % of the width or not. Cost: per 12 MP photo with a warm worker, the
// caller's event-loop stall while the worker runs, and the process's peak RSS with 10
// alignments in flight.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import sharp from 'sharp';
import { closeupCourse } from '../../src/cli/demo/closeup/course';
import type { DemoView } from '../../src/cli/demo/shot';
import { alignPhoto, closeAligner, type PhotoView } from '../../src/lib/server/photos/align/align';
import { invert } from '../../src/lib/server/photos/align/similarity';
import {
	alignmentError,
	changedCopy,
	decodeRgb,
	randomChange,
	seeded,
	withinTolerance,
	type RawRgb
} from '../support/align-cases';
import { percentiles } from './server';
import type { Concern } from '../../src/lib/domain/concerns';
import { machineNow } from './relative';

const FACES = path.resolve('../shared/fixtures/photos/faces');
const jpeg = 'image/jpeg' as const;
const round = (v: number, digits = 3) => Number(v.toFixed(digits));

interface AccuracySet {
	name: string;
	view: PhotoView;
	/** the baseline as stored */
	baseline: Buffer;
	/** what each later photo is made from (the same image, or a later session's render) */
	later: Buffer;
}

async function sets(): Promise<AccuracySet[]> {
	const fixture = (name: string): AccuracySet => {
		const bytes = fs.readFileSync(path.join(FACES, `portrait-${name}.jpg`));
		return { name, view: 'front', baseline: bytes, later: bytes };
	};
	// a later session's render moved onto the first one's: the skin differs, the geometry not
	const demo = async (
		name: string,
		render: (progress: number) => Promise<Buffer>,
		view: PhotoView
	): Promise<AccuracySet> => ({ name, view, baseline: await render(0), later: await render(1) });
	// the demo clinic's photos: macro close-ups, where only the skin itself gives features
	const closeup =
		(seed: number, view: DemoView, skinTone: number, concern: Concern) => (progress: number) =>
			closeupCourse({ seed, skinTone, concern })(progress)(view);
	return [
		fixture('obama'),
		fixture('biden'),
		await demo('demo_closeup_s12_front_p0_from_p1', closeup(12, 'front', 6, 'acne_scars'), 'front'),
		// the least texture: fair skin, melasma fading between sessions
		await demo(
			'demo_closeup_s2_left45_p0_from_p1',
			closeup(2, 'left45', 2, 'pigmentation'),
			'left45'
		),
		await demo('demo_closeup_s5_left90_p0_from_p1', closeup(5, 'left90', 1, 'wrinkles'), 'left90'),
		// belly skin: few, fine pores and fading bands
		await demo(
			'demo_abdomen_s11_front_p0_from_p1',
			closeup(11, 'front', 3, 'stretch_marks'),
			'front'
		)
	];
}

async function accuracy(dir: string, set: AccuracySet, cases: number) {
	const baseline = path.join(dir, `${set.name}-baseline.jpg`);
	fs.writeFileSync(baseline, set.baseline);
	const src: RawRgb = await decodeRgb(set.later);
	const random = seeded(18);
	const errors = [];
	const methods: Record<string, number> = {};
	const confidence: number[] = [];
	const sharpness: number[] = [];
	const ms: number[] = [];
	let kept = 0;
	let falseBlurred = 0;
	for (let i = 0; i < cases; i++) {
		const change = randomChange(random, src.width, src.height);
		const photo = path.join(dir, `${set.name}-case.jpg`);
		fs.writeFileSync(photo, await changedCopy(src, change));
		const t0 = performance.now();
		const r = await alignPhoto({
			photo: { path: photo, type: jpeg },
			baseline: { path: baseline, type: jpeg },
			view: set.view
		});
		ms.push(performance.now() - t0);
		sharpness.push(r.quality.sharpnessVsBaseline);
		falseBlurred += r.quality.warnings.includes('blurred') ? 1 : 0;
		if (!r.alignment) {
			errors.push(null);
			continue;
		}
		kept++;
		methods[r.alignment.method] = (methods[r.alignment.method] ?? 0) + 1;
		confidence.push(r.alignment.confidence);
		errors.push(alignmentError(r.alignment, invert(change.move!), src.width, src.height));
	}
	const found = errors.filter((e) => e !== null);
	const p95 = (pick: (e: (typeof found)[number]) => number) =>
		round([...found.map(pick)].sort((a, b) => a - b)[Math.floor(0.95 * (found.length - 1))] ?? NaN);
	return {
		cases,
		pass_pct: round((100 * found.filter(withinTolerance).length) / cases, 1),
		kept,
		methods,
		p95_error: {
			rotation_deg: p95((e) => e.rotationDeg),
			scale_pct: p95((e) => e.scalePct),
			centre_pct_of_width: p95((e) => e.centrePctOfWidth)
		},
		confidence_min: confidence.length ? round(Math.min(...confidence), 4) : null,
		// every copy is as sharp as its source: a 'blurred' here is a false alarm
		sharpness_vs_baseline_min: round(Math.min(...sharpness)),
		false_blurred: falseBlurred,
		ms: percentiles(ms)
	};
}

/** A 12 MP JPEG (3000 × 4000) made from a fixture-sized image, as a phone would give. */
async function twelveMp(image: Buffer, file: string) {
	await sharp(image)
		.resize(3000, 4000, { fit: 'fill', kernel: 'lanczos3' })
		.jpeg({ quality: 90 })
		.toFile(file);
}

async function cost(dir: string, set: AccuracySet, runs: number) {
	const src = await decodeRgb(set.later);
	const baseline = path.join(dir, `${set.name}-12mp-baseline.jpg`);
	await twelveMp(set.baseline, baseline);
	const random = seeded(7);
	const photos: string[] = [];
	for (let i = 0; i < runs; i++) {
		const p = path.join(dir, `${set.name}-12mp-${i}.jpg`);
		await twelveMp(await changedCopy(src, randomChange(random, src.width, src.height)), p);
		photos.push(p);
	}
	const ask = (p: string) =>
		alignPhoto({
			photo: { path: p, type: jpeg },
			baseline: { path: baseline, type: jpeg },
			view: set.view
		});
	await ask(photos[0]); // the baseline's decode is kept, as for a course's second photo onwards
	const loop = monitorEventLoopDelay({ resolution: 5 });
	loop.enable();
	const ms: number[] = [];
	let kept = 0;
	for (const p of photos) {
		const t0 = performance.now();
		kept += (await ask(p)).alignment ? 1 : 0;
		ms.push(performance.now() - t0);
	}
	loop.disable();
	return {
		per_photo_ms: percentiles(ms),
		kept: `${kept}/${runs}`,
		caller_event_loop_max_ms: round(loop.max / 1e6, 1),
		caller_event_loop_p99_ms: round(loop.percentile(99) / 1e6, 1),
		photos,
		baseline
	};
}

/** The caller's event loop over the same time with no worker busy: what the machine alone does. */
async function idleLoopMs(ms: number) {
	const loop = monitorEventLoopDelay({ resolution: 5 });
	loop.enable();
	await new Promise((r) => setTimeout(r, ms));
	loop.disable();
	return round(loop.max / 1e6, 1);
}

async function peakRss(photos: string[], baseline: string, inFlight: number) {
	const before = process.memoryUsage().rss;
	let peak = before;
	const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
	const t0 = performance.now();
	await Promise.all(
		Array.from({ length: inFlight }, (_, i) =>
			alignPhoto({
				photo: { path: photos[i % photos.length], type: jpeg },
				baseline: { path: baseline, type: jpeg },
				view: 'front'
			})
		)
	);
	clearInterval(timer);
	return {
		in_flight: inFlight,
		// the whole bench process (its rendered test images included) and the worker's share
		rss_before_mb: Math.round(before / 1e6),
		peak_rss_mb: Math.round(peak / 1e6),
		added_by_alignment_mb: Math.round((peak - before) / 1e6),
		all_done_ms: Math.round(performance.now() - t0)
	};
}

export async function alignmentBench(cases = Number(process.env.ALIGN_BENCH_CASES ?? 100)) {
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'resurface-align-'));
	const atStart = machineNow();
	try {
		const all = await sets();
		const rssBefore = Math.round(process.memoryUsage().rss / 1e6);
		const t0 = performance.now();
		await alignPhoto({
			photo: { path: path.join(FACES, 'portrait-obama.jpg'), type: jpeg },
			baseline: { path: path.join(FACES, 'portrait-obama.jpg'), type: jpeg },
			view: 'front'
		});
		const coldFirstMs = Math.round(performance.now() - t0);
		const results: Record<string, unknown> = {};
		for (const set of all) {
			results[set.name] = await accuracy(dir, set, cases);
		}
		const idleMax = await idleLoopMs(3000);
		const face = await cost(dir, all[0], 6);
		const closeups = await cost(
			dir,
			all.find((s) => s.name.includes('closeup'))!,
			6
		);
		const abdomen = await cost(
			dir,
			all.find((s) => s.name.includes('abdomen'))!,
			6
		);
		// a fresh worker, so the peak is what 10 uploads at once cost a server, not this run's history
		await closeAligner();
		const rss = await peakRss(face.photos.concat(abdomen.photos).slice(0, 10), face.baseline, 10);
		const strip = ({ photos: _p, baseline: _b, ...rest }: Awaited<ReturnType<typeof cost>>) => rest;
		return {
			accuracy: results,
			cost_12mp: {
				worker_cold_start_and_first_photo_ms: coldFirstMs,
				rss_before_worker_mb: rssBefore,
				face: strip(face),
				closeup: strip(closeups),
				abdomen: strip(abdomen),
				caller_event_loop_max_ms_with_no_work: idleMax,
				memory: rss
			},
			machine: { at_start: atStart, at_end: machineNow() }
		};
	} finally {
		await closeAligner();
		fs.rmSync(dir, { recursive: true, force: true });
	}
}
