import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { photo, photoVariant } from '../../db/schema';
import { handlePhotoUpload } from '../intake/upload-request';
import { MAX_FILES_PER_REQUEST } from '../intake/receive';
import { processPhoto } from './process';
import { deletePhoto } from '../delete';
import { sweepOrphans, SWEEP_GRACE_MS } from './sweep';
import { startWorker } from '../../jobs/worker';
import { backgroundJobs } from '../../platform/background-jobs';
import { photoTestClinic, uploadRequest } from '$test/support/photo-clinic';
import { zipFile } from '$test/fixtures/odd-files';
import { badInputs, isAccepted, type Refused } from '$test/fixtures/bad-inputs/index';

const FIXTURES = path.resolve('../shared/fixtures/photos');
const fixture = (p: string) => fs.readFileSync(path.join(FIXTURES, p));

let c: ReturnType<typeof photoTestClinic>;
beforeEach(() => (c = photoTestClinic()));
afterEach(() => c.cleanup());

const upload = (files: Parameters<typeof uploadRequest>[0], fields?: Record<string, string>) => {
	const p = c.addPatient();
	return handlePhotoUpload(c.db, c.store, c.actor, p, uploadRequest(files, fields));
};

describe('upload', () => {
	it('stores the original, a processing row and a job, then the worker makes it ready', async () => {
		const bytes = fixture('exif/gps-nikon-DSCN0010.jpg');
		const out = await upload([{ name: 'DSCN0010.JPG', bytes }]);
		expect(out.status).toBe(201);
		const [file] = out.files;
		expect(file).toMatchObject({ ok: true, photoStatus: 'processing' });
		const row = c.db.select().from(photo).where(eq(photo.id, file.id!)).get()!;
		expect(row.status).toBe('processing');
		expect(row.originalType).toBe('image/jpeg');
		expect(row.sha256).toBe(createHash('sha256').update(bytes).digest('hex'));
		expect(fs.readFileSync(c.store.localPath(row.originalKey))).toEqual(bytes);
		expect(c.count('job')).toBe(1);

		expect(await processPhoto(c.db, c.store, row.id)).toBe('ready');
		const ready = c.db.select().from(photo).where(eq(photo.id, row.id)).get()!;
		expect(ready.status).toBe('ready');
		expect(ready.placeholder).toBeTruthy();
		const variants = c.db.select().from(photoVariant).where(eq(photoVariant.photoId, row.id)).all();
		expect(variants.map((v) => `${v.width}.${v.format}`).sort()).toEqual(
			['320.avif', '320.webp', '640.avif', '640.webp'].sort()
		);
		for (const v of variants) {
			const meta = await sharp(c.store.localPath(v.key)).metadata();
			expect(meta.exif).toBeUndefined();
			expect(meta.width).toBe(v.width);
		}
		// no temp file left behind
		expect(c.files().filter((f) => f.startsWith('tmp'))).toEqual([]);
	});

	it('processes the iPhone HEIC', async () => {
		const out = await upload([
			{ name: 'IMG_5195.HEIC', bytes: fixture('heic/iphone-IMG_5195.heic') }
		]);
		expect(out.status).toBe(201);
		expect(await processPhoto(c.db, c.store, out.files[0].id!)).toBe('ready');
		const row = c.db.select().from(photo).where(eq(photo.id, out.files[0].id!)).get()!;
		expect([row.width, row.height]).toEqual([2566, 3313]);
	}, 60_000);

	// Real camera files that must be refused; the generated hostile files follow.
	const refusals: [string, () => Buffer, number, RegExp][] = [
		['a truncated JPEG', () => fixture('invalid/corrupted.jpg'), 422, /corrupt|incomplete/],
		['a 425×120 strip', () => fixture('invalid/image01088.jpg'), 422, /at least 200 pixels/],
		['a 61×58 thumbnail', () => fixture('invalid/image01551.jpg'), 422, /at least 200 pixels/]
	];
	for (const [what, bytes, status, message] of refusals) {
		it(`refuses ${what} with ${status} and leaves no row or file`, async () => {
			const out = await upload([{ name: 'photo.jpg', bytes: bytes() }]);
			expect(out.status).toBe(status);
			expect(out.files[0]).toMatchObject({ ok: false, status });
			expect(out.files[0].message).toMatch(message);
			expect(c.count('photo')).toBe(0);
			expect(c.count('job')).toBe(0);
			expect(c.files()).toEqual([]);
		});
	}

	// The bad-input corpus's refusals (the e2e test sends the whole corpus over HTTP). Cases about
	// how a name is encoded on the wire are left to it: FormData here encodes names its own way.
	for (const bad of badInputs().filter((b) => !isAccepted(b.expected) && !b.rawName)) {
		const expected = bad.expected as Refused;
		it(`refuses ${bad.name} with ${expected.status} and leaves no row or file`, async () => {
			const out = await upload([{ name: bad.fileName, bytes: await bad.bytes(), type: bad.mime }]);
			expect(out.status).toBe(expected.status);
			expect(out.files[0]).toMatchObject({ ok: false, status: expected.status });
			expect(out.files[0].message).toMatch(expected.message);
			expect(c.count('photo')).toBe(0);
			expect(c.count('job')).toBe(0);
			expect(c.files()).toEqual([]);
		});
	}

	it('reports a UTF-8 file name as it was sent', async () => {
		const name = 'Zoë 😀 ré\u0301sumé.jpg';
		const out = await upload([{ name, bytes: fixture('orientation/Landscape_1.jpg') }]);
		expect(out.files[0]).toMatchObject({ ok: true, name });
	});

	it('answers per file when some are good and some are not', async () => {
		const out = await upload([
			{ name: 'good.jpg', bytes: fixture('orientation/Landscape_1.jpg') },
			{ name: 'bad.jpg', bytes: zipFile() }
		]);
		expect(out.status).toBe(207);
		expect(out.files.map((f) => [f.name, f.status])).toEqual([
			['good.jpg', 201],
			['bad.jpg', 415]
		]);
		expect(c.count('photo')).toBe(1);
	});

	it('refuses more files than a request may hold, rather than dropping the rest unsaid', async () => {
		const bytes = fixture('orientation/Landscape_1.jpg');
		const files = Array.from({ length: MAX_FILES_PER_REQUEST + 1 }, (_, i) => ({
			name: `${i}.jpg`,
			bytes
		}));
		const out = await upload(files);
		expect(out.status).toBe(400);
		expect(out.message).toBe(
			`Upload at most ${MAX_FILES_PER_REQUEST} photos at a time; none of these was saved.`
		);
		expect(c.count('photo')).toBe(0);
		expect(c.files()).toEqual([]);
		expect((await upload(files.slice(1))).status).toBe(201);
	});

	it('enforces the byte limit', async () => {
		process.env.UPLOAD_LIMIT_BYTES = '100000';
		try {
			const out = await upload([
				{ name: 'big.jpg', bytes: fixture('orientation/Landscape_1.jpg') }
			]);
			expect(out.status).toBe(413);
			expect(c.count('photo')).toBe(0);
			expect(c.files()).toEqual([]);
		} finally {
			delete process.env.UPLOAD_LIMIT_BYTES;
		}
	});

	it('needs an active photos_private consent, and says so', async () => {
		const p = c.addPatient(false);
		const out = await handlePhotoUpload(
			c.db,
			c.store,
			c.actor,
			p,
			uploadRequest([{ name: 'a.jpg', bytes: fixture('orientation/Landscape_1.jpg') }])
		);
		expect(out.status).toBe(403);
		expect(out.message).toMatch(/consent/);
		expect(c.files()).toEqual([]);
	});

	it('refuses an unknown view or a session of another patient', async () => {
		const bytes = fixture('orientation/Landscape_1.jpg');
		expect((await upload([{ name: 'a.jpg', bytes }], { view: 'top' })).status).toBe(400);
		expect(
			(await upload([{ name: 'a.jpg', bytes }], { view: 'front', sessionId: 'x' })).status
		).toBe(404);
		expect(c.files()).toEqual([]);
	});
});

describe('worker, deletion and sweep', () => {
	it('resumes jobs that were running when the process died', async () => {
		const out = await upload([{ name: 'a.jpg', bytes: fixture('orientation/Portrait_6.jpg') }]);
		c.db.$client.prepare("update job set status = 'running'").run();
		const worker = startWorker(c.db, backgroundJobs(c.db, c.store), { log: () => {} });
		await worker.idle();
		await worker.stop();
		const row = c.db.select().from(photo).where(eq(photo.id, out.files[0].id!)).get()!;
		expect(row.status).toBe('ready');
	});

	it('marks an undecodable photo failed with a reason', async () => {
		const out = await upload([{ name: 'a.jpg', bytes: fixture('orientation/Landscape_1.jpg') }]);
		const row = c.db.select().from(photo).where(eq(photo.id, out.files[0].id!)).get()!;
		// Damage the stored original after the upload checks passed.
		const file = c.store.localPath(row.originalKey);
		fs.writeFileSync(file, fs.readFileSync(file).subarray(0, 20_000));
		const worker = startWorker(c.db, backgroundJobs(c.db, c.store), { log: () => {} });
		await worker.idle();
		await worker.stop();
		const failed = c.db.select().from(photo).where(eq(photo.id, row.id)).get()!;
		expect(failed.status).toBe('failed');
		expect(failed.failureReason).toMatch(/corrupt|incomplete/i);
	});

	it('deleting a photo deletes its files', async () => {
		const out = await upload([{ name: 'a.jpg', bytes: fixture('orientation/Landscape_1.jpg') }]);
		await processPhoto(c.db, c.store, out.files[0].id!);
		expect(c.files().length).toBeGreaterThan(1);
		expect(await deletePhoto(c.db, c.store, c.actor, out.files[0].id!)).toBe(true);
		expect(c.files()).toEqual([]);
		expect(c.count('photo_variant')).toBe(0);
	});

	it('sweeps files without a row once they are old enough, and keeps the rest', async () => {
		const out = await upload([{ name: 'a.jpg', bytes: fixture('orientation/Landscape_1.jpg') }]);
		await processPhoto(c.db, c.store, out.files[0].id!);
		const kept = c.files().sort();
		await c.store.put('private/originals/zz/zzstray', Buffer.from('stray'));
		await c.store.put('private/variants/zz/zzstray/320.webp', Buffer.from('stray'));
		expect(await sweepOrphans(c.db, c.store)).toBe(0); // too young: may be mid-upload
		const later = new Date(Date.now() + SWEEP_GRACE_MS + 1000);
		expect(await sweepOrphans(c.db, c.store, later)).toBe(2);
		expect(c.files().sort()).toEqual(kept);
	});
});
