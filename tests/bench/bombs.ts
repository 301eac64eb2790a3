// Decode bombs (issue 11): the CPU a hostile file cost before its structure was checked and what
// it costs now, against a normal photo of the same pixel count; and how long a small image and
// a page take to answer while four full-size JPEGs are being made.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { eq } from 'drizzle-orm';
import { photo, photoVariant } from '../../src/lib/server/db/schema';
import { createSession, SESSION_COOKIE } from '../../src/lib/server/auth/session';
import { badInputs } from '../fixtures/bad-inputs';
import { base } from '../fixtures/bad-inputs/corpus';
import { withTinyIdats } from '../fixtures/bad-inputs/png-bytes';
import { inspectPhoto } from '../../src/lib/server/photos/intake/inspect';
import { PhotoRejected } from '../../src/lib/server/photos/intake/rejection';
import type { SourceType } from '../../src/lib/server/photos/pipeline/decode';
import { photoTestClinic, uploadRequest } from '../support/photo-clinic';
import { handlePhotoUpload } from '../../src/lib/server/photos/intake/upload-request';
import { startWorker } from '../../src/lib/server/jobs/worker';
import { backgroundJobs } from '../../src/lib/server/platform/background-jobs';
import { make12mpJpeg } from './photo-pipeline';
import { percentiles, startBenchServer } from './server';

const cpuMs = async (fn: () => Promise<unknown>) => {
	const c0 = process.cpuUsage();
	await fn().catch(() => undefined);
	const c = process.cpuUsage(c0);
	return (c.user + c.system) / 1000;
};
const median3 = async (fn: () => Promise<unknown>) => {
	const xs = [await cpuMs(fn), await cpuMs(fn), await cpuMs(fn)];
	return Math.round(xs.sort((a, b) => a - b)[1]);
};

/**
 * What the code before the structure checks ran on every such file: the upload's test decode
 * (not for AVIF/HEIC), the worker's decode and one full-size JPEG, all with the same limits.
 */
async function uncheckedDecodes(file: string, type: SourceType) {
	const open = () => sharp(file, { limitInputPixels: 60e6, failOn: 'truncated', pages: 1 });
	if (type !== 'image/avif') {
		await open().resize({ width: 64, withoutEnlargement: true }).raw().toBuffer();
	}
	await open().autoOrient().resize({ width: 1920, withoutEnlargement: true }).raw().toBuffer();
	await open().autoOrient().jpeg({ quality: 90 }).toBuffer();
}

async function cpuFigures(dir: string) {
	const flood = new Map(badInputs().map((c) => [c.name, c]));
	const pairs: [string, SourceType, () => Promise<Buffer>][] = [
		[
			'jpeg-many-scans',
			'image/jpeg',
			async () =>
				sharp(await base.phone())
					.jpeg({ quality: 15, progressive: true })
					.toBuffer()
		],
		[
			'png-tiny-idats',
			'image/png',
			async () =>
				withTinyIdats(
					await sharp(await base.portrait())
						.resize(240)
						.png()
						.toBuffer(),
					8192
				)
		],
		['webp-chunk-flood', 'image/webp', () => base.webp()],
		[
			'avif-huge-thumbnail',
			'image/avif',
			async () =>
				sharp(await base.portrait())
					.avif({ effort: 0 })
					.toBuffer()
		]
	];
	const out: Record<string, unknown> = {};
	for (const [name, type, normal] of pairs) {
		const bombFile = path.join(dir, `${name}.bin`);
		const normalFile = path.join(dir, `${name}-normal.bin`);
		fs.writeFileSync(bombFile, await flood.get(name)!.bytes());
		fs.writeFileSync(normalFile, await normal());
		const meta = await sharp(normalFile).metadata();
		const before = {
			bomb: await median3(() => uncheckedDecodes(bombFile, type)),
			normal: await median3(() => uncheckedDecodes(normalFile, type))
		};
		let refused = '';
		const now = {
			bomb: await median3(() =>
				inspectPhoto(bombFile, type).catch((e: unknown) => {
					refused = e instanceof PhotoRejected ? `${e.status} ${e.message}` : String(e);
				})
			),
			normal: await median3(() => inspectPhoto(normalFile, type))
		};
		out[name] = {
			pixels: `${meta.width}×${meta.height}`,
			bytes: fs.statSync(bombFile).size,
			cpu_ms_before_fix: { ...before, ratio: Number((before.bomb / before.normal).toFixed(1)) },
			cpu_ms_upload_check_now: {
				...now,
				ratio: Number((now.bomb / Math.max(1, now.normal)).toFixed(2))
			},
			answer_now: refused
		};
	}
	return out;
}

/** Four 12 MP full-size JPEGs made at once by one person, small requests timed meanwhile. */
async function responsiveness(dir: string) {
	const big = path.join(dir, '12mp.jpg');
	await make12mpJpeg(big);
	const c = photoTestClinic();
	const p = c.addPatient();
	for (const [name, file] of [
		...[1, 2, 3, 4].map((i) => [`big${i}.jpg`, big]),
		['small.jpg', path.resolve('../shared/fixtures/photos/faces/portrait-obama.jpg')]
	]) {
		await handlePhotoUpload(
			c.db,
			c.store,
			c.actor,
			p,
			uploadRequest([{ name, bytes: fs.readFileSync(file) }])
		);
	}
	const worker = startWorker(c.db, backgroundJobs(c.db, c.store), { log: () => {} });
	await worker.idle();
	await worker.stop();
	const photos = c.db.select().from(photo).all();
	const small = photos.find((ph) => ph.originalBytes < 1_000_000)!;
	const bigIds = photos.filter((ph) => ph !== small).map((ph) => ph.id);
	const { token } = createSession(c.db, c.clinician.id);
	const server = await startBenchServer(path.join(c.dir, 'test.db'), c.store.root);
	const headers = { cookie: `${SESSION_COOKIE}=${token}` };
	const get = async (url: string) => {
		const t0 = performance.now();
		const res = await fetch(server.base + url, { headers });
		await res.arrayBuffer();
		if (res.status !== 200) {
			throw new Error(`${url}: ${res.status}`);
		}
		return performance.now() - t0;
	};
	const probe = async (until: () => boolean) => {
		const variant: number[] = [];
		const page: number[] = [];
		do {
			variant.push(await get(`/media/private/${small.id}/320.webp`));
			page.push(await get('/login'));
			await new Promise((r) => setTimeout(r, 50));
		} while (until());
		return { small_variant_ms: percentiles(variant), page_ms: percentiles(page) };
	};
	try {
		let n = 0;
		const idle = await probe(() => ++n < 20);
		let done = false;
		const t0 = performance.now();
		const heavy = Promise.all(bigIds.map((id) => get(`/media/private/${id}/full.jpg`))).finally(
			() => (done = true)
		);
		const during = await probe(() => !done);
		const firstMs = await heavy;
		const madeMs = performance.now() - t0;
		const again = await Promise.all(bigIds.map((id) => get(`/media/private/${id}/full.jpg`)));
		const kept = c.db
			.select()
			.from(photoVariant)
			.where(eq(photoVariant.format, 'jpeg'))
			.all().length;
		return {
			idle,
			while_four_full_jpegs_are_made: during,
			four_full_jpegs_first_request_ms: Math.round(madeMs),
			full_jpeg_first_ms: firstMs.map(Math.round),
			full_jpeg_again_ms: again.map(Math.round),
			full_jpegs_kept: kept
		};
	} finally {
		server.stop();
		c.cleanup();
	}
}

export async function bombsBench() {
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'resurface-bombs-'));
	try {
		return { cpu: await cpuFigures(dir), responsiveness: await responsiveness(dir) };
	} finally {
		fs.rmSync(dir, { recursive: true, force: true });
	}
}
