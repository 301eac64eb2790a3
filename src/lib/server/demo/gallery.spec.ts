import path from 'node:path';
import { eq } from 'drizzle-orm';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDb } from '../db/test-db';
import { galleryCase, galleryImage, patient } from '../db/schema';
import { LocalDiskStore } from '../storage/local-disk';
import { startWorker } from '../jobs/worker';
import { seedDemo } from './seed';
import { publishDemoCases } from './gallery';

describe('publishDemoCases', () => {
	const t = tempDb();
	const store = new LocalDiskStore(path.join(t.dir, 'media'));
	let first = 0;
	beforeAll(async () => {
		await seedDemo(t.db, store, { photoWidth: 120, today: '2026-11-20' });
		const worker = startWorker(t.db, store);
		await worker.idle();
		await worker.stop();
		first = await publishDemoCases(t.db, store);
	}, 120_000);
	afterAll(() => t.cleanup());

	it('publishes one front-view case for each patient with an active gallery consent', () => {
		const rows = t.db
			.select({ name: patient.displayName, status: galleryCase.status, view: galleryCase.view })
			.from(galleryCase)
			.innerJoin(patient, eq(patient.id, galleryCase.patientId))
			.all();
		expect(first).toBe(7);
		expect(rows.map((r) => r.name).sort()).toEqual([
			'Chloe Martin',
			'Diego Alvarez',
			'Hannah Schultz',
			'Jordan Avery',
			'Kwame Mensah',
			'Mei Tanaka',
			'Sofia Rossi'
		]);
		expect(rows.every((r) => r.status === 'published' && r.view === 'front')).toBe(true);
	});

	it('masks the eyes: the bar is black in the public image', async () => {
		const img = t.db.select().from(galleryImage).where(eq(galleryImage.format, 'webp')).get()!;
		const file = path.join(t.dir, 'media', img.key);
		const { width, height } = await sharp(file).metadata();
		// the bar spans y 0.325–0.385 of the photo; the crop starts at 0.04 and keeps 0.75 of it
		const y = Math.round(((0.355 - 0.04) / 0.75) * height!);
		const { data } = await sharp(file)
			.extract({ left: Math.round(width! / 2) - 2, top: y - 1, width: 4, height: 2 })
			.raw()
			.toBuffer({ resolveWithObject: true });
		expect(Math.max(...data)).toBeLessThan(40);
	});

	it('leaves things as they are when run again, even after a case was withdrawn', async () => {
		const one = t.db.select().from(galleryCase).get()!;
		t.db.update(galleryCase).set({ status: 'withdrawn' }).where(eq(galleryCase.id, one.id)).run();
		expect(await publishDemoCases(t.db, store)).toBe(0);
		expect(t.db.select().from(galleryCase).all()).toHaveLength(7);
	});
});
