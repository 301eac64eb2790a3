import fs from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { job, photo, photoAlignment } from '../../db/schema';
import { handlePhotoUpload } from '../intake/upload-request';
import { processPhoto } from '../pipeline/process';
import { deletePhoto } from '../delete';
import { editPhoto } from '../edit';
import { startWorker } from '../../jobs/worker';
import { backgroundJobs } from '../../platform/background-jobs';
import { photoTestClinic, uploadRequest } from '$test/support/photo-clinic';
import { changedCopy, decodeRgb, type RawRgb } from '$test/support/align-cases';
import { ALIGN_JOB, alignStoredPhoto, queueUnaligned } from './align-job';
import { closeAligner } from './align';
import { aboutCentre } from './similarity';

// The job end to end: real uploads, the real pipeline and the aligner, each test its own clinic.
const OBAMA = path.resolve('../shared/fixtures/photos/faces/portrait-obama.jpg');
const UNRELATED = path.resolve('../shared/fixtures/photos/exif/phone-jolla.jpg');

let c: ReturnType<typeof photoTestClinic>;
let obama: RawRgb;
let turned: Buffer;
beforeAll(async () => {
	obama = await decodeRgb(OBAMA);
	// the same face 4° turned, 5 % nearer and 0.7× as bright: a later session's photo
	turned = await changedCopy(obama, {
		move: aboutCentre(1.05, 4, [obama.width / 2, obama.height / 2]),
		gain: 0.7
	});
});
afterAll(() => closeAligner());
beforeEach(() => (c = photoTestClinic()));
afterEach(() => c.cleanup());

const jobsFor = (photoId: string) =>
	c.db
		.select()
		.from(job)
		.where(eq(job.kind, ALIGN_JOB))
		.all()
		.filter(
			(j) => (j.payload as { photoId: string }).photoId === photoId && j.status === 'pending'
		);

async function uploadOne(p: { id: string }, bytes: Buffer, takenOn: string, view = 'front') {
	const out = await handlePhotoUpload(
		c.db,
		c.store,
		c.actor,
		p as never,
		uploadRequest([{ name: `${takenOn}.jpg`, bytes }], { view, takenOn })
	);
	const id = out.files[0].id!;
	await processPhoto(c.db, c.store, id);
	return id;
}
const stored = (id: string) =>
	c.db.select().from(photoAlignment).where(eq(photoAlignment.photoId, id)).get();

describe('the photo.align job', () => {
	it('is queued with the commit that makes a photo ready', async () => {
		const p = c.addPatient();
		const id = await uploadOne(p, fs.readFileSync(OBAMA), '2026-01-10');
		expect(jobsFor(id)).toHaveLength(1);
	});

	it('records the earliest photo as the baseline and aligns a later one to it', async () => {
		const p = c.addPatient();
		const later = await uploadOne(p, turned, '2026-03-01');
		const first = await uploadOne(p, fs.readFileSync(OBAMA), '2026-01-10');
		// the later photo's job runs first: it aligns to the baseline already there
		expect(await alignStoredPhoto(c.db, c.store, later)).toBe('aligned');
		expect(await alignStoredPhoto(c.db, c.store, first)).toBe('baseline');
		const base = stored(first)!;
		expect(base).toMatchObject({ status: 'baseline', baselineId: null, scale: null });
		expect(base.face).toMatchObject({ eyes: expect.any(Array) });
		const row = stored(later)!;
		expect(row).toMatchObject({
			status: 'aligned',
			baselineId: first,
			method: 'face-landmarks+ecc'
		});
		// the inverse of the move: scale 1/1.05, rotation −4°
		expect(row.scale!).toBeCloseTo(1 / 1.05, 2);
		expect(row.rotationDeg!).toBeCloseTo(-4, 0);
		expect(row.confidence!).toBeGreaterThan(0.9);
		expect((row.quality as { warnings: string[] }).warnings).toContain('darker');
		// queued again twice (the baseline requeues its group): nothing to do
		expect(await alignStoredPhoto(c.db, c.store, later)).toBe('skipped');
	}, 60_000);

	it('after the baseline is deleted, the next earliest becomes the baseline', async () => {
		const p = c.addPatient();
		const first = await uploadOne(p, fs.readFileSync(OBAMA), '2026-01-10');
		const second = await uploadOne(p, turned, '2026-02-10');
		const third = await uploadOne(p, turned, '2026-03-10');
		for (const id of [first, second, third]) {
			await alignStoredPhoto(c.db, c.store, id);
		}
		expect(stored(third)!.baselineId).toBe(first);
		await deletePhoto(c.db, c.store, c.actor, first);
		expect(jobsFor(second).length).toBeGreaterThan(0);
		expect(jobsFor(third).length).toBeGreaterThan(0);
		expect(await alignStoredPhoto(c.db, c.store, second)).toBe('baseline');
		expect(await alignStoredPhoto(c.db, c.store, third)).toBe('aligned');
		// the same photo, so the transform is the identity
		expect(stored(third)).toMatchObject({ baselineId: second, scale: expect.closeTo(1, 2) });
		expect(stored(third)!.rotationDeg!).toBeCloseTo(0, 1);
		// the deleted photo's row went with it from every answer: it is never a live photo again
		expect(await alignStoredPhoto(c.db, c.store, first)).toBe('skipped');
	}, 90_000);

	it('a photo refiled under another view is aligned in its new group', async () => {
		const p = c.addPatient();
		const first = await uploadOne(p, fs.readFileSync(OBAMA), '2026-01-10');
		const second = await uploadOne(p, turned, '2026-02-10');
		await alignStoredPhoto(c.db, c.store, first);
		await alignStoredPhoto(c.db, c.store, second);
		expect(stored(second)!.status).toBe('aligned');
		editPhoto(c.db, c.actor, second, { view: 'left45', role: null });
		expect(jobsFor(second).length).toBeGreaterThan(0);
		// alone in its view now: its own baseline
		expect(await alignStoredPhoto(c.db, c.store, second)).toBe('baseline');
	}, 60_000);

	it('photos with nothing in common are kept as taken, with the reason', async () => {
		const p = c.addPatient();
		const first = await uploadOne(p, fs.readFileSync(OBAMA), '2026-01-10', 'custom');
		const other = await uploadOne(p, fs.readFileSync(UNRELATED), '2026-02-10', 'custom');
		await alignStoredPhoto(c.db, c.store, first);
		const outcome = await alignStoredPhoto(c.db, c.store, other);
		expect(['unsure', 'failed']).toContain(outcome);
		const row = stored(other)!;
		expect(row.scale).toBeNull();
		expect(row.reason).toMatch(/unsure|nothing in common/);
	}, 60_000);

	it('the worker runs derive then align; start-up queues only what is missing', async () => {
		const p = c.addPatient();
		const out = await handlePhotoUpload(
			c.db,
			c.store,
			c.actor,
			p,
			uploadRequest([{ name: 'a.jpg', bytes: fs.readFileSync(OBAMA) }], {
				view: 'front',
				takenOn: '2026-01-10'
			})
		);
		const worker = startWorker(c.db, backgroundJobs(c.db, c.store));
		await worker.idle();
		await worker.stop();
		const id = out.files[0].id!;
		expect(stored(id)!.status).toBe('baseline');
		expect(queueUnaligned(c.db)).toBe(0);
		// a photo from before alignment existed: no row and no job
		c.db.delete(photoAlignment).run();
		expect(queueUnaligned(c.db)).toBe(1);
		expect(queueUnaligned(c.db)).toBe(0);
		expect(c.db.select().from(photo).where(eq(photo.id, id)).get()!.status).toBe('ready');
	}, 60_000);
});
