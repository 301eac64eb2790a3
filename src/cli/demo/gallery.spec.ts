import path from 'node:path';
import { and, desc, eq } from 'drizzle-orm';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDb } from '$test/support/test-db';
import { galleryCase, galleryImage, patient } from '../../lib/server/db/schema';
import { LocalDiskStore } from '../../lib/server/storage/local-disk';
import { startWorker } from '../../lib/server/jobs/worker';
import { backgroundJobs } from '../../lib/server/platform/background-jobs';
import { seedDemo } from './seed';
import { publishDemoCases } from './gallery';

describe('publishDemoCases', () => {
	const t = tempDb();
	const store = new LocalDiskStore(path.join(t.dir, 'media'));
	let first = 0;
	beforeAll(async () => {
		await seedDemo(t.db, store, { photoWidth: 120, today: '2026-11-20' });
		const worker = startWorker(t.db, backgroundJobs(t.db, store));
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

	/** The public before-photo (webp) of the named patient's case, as raw RGB. */
	async function publicBefore(name: string) {
		const c = t.db
			.select({ id: galleryCase.id, concern: galleryCase.concern, area: galleryCase.area })
			.from(galleryCase)
			.innerJoin(patient, eq(patient.id, galleryCase.patientId))
			.where(eq(patient.displayName, name))
			.get()!;
		const img = t.db
			.select()
			.from(galleryImage)
			.where(
				and(
					eq(galleryImage.caseId, c.id),
					eq(galleryImage.which, 'before'),
					eq(galleryImage.format, 'webp')
				)
			)
			.orderBy(desc(galleryImage.width))
			.get()!;
		const { data, info } = await sharp(path.join(t.dir, 'media', img.key))
			.raw()
			.toBuffer({ resolveWithObject: true });
		const at = (fx: number, fy: number) => {
			const o = (Math.round(fy * info.height) * info.width + Math.round(fx * info.width)) * 3;
			return [data[o], data[o + 1], data[o + 2]];
		};
		return { ...c, at };
	}

	it('shows the close-ups of facial skin whole, with no bar: they identify nobody', async () => {
		const jordan = await publicBefore('Jordan Avery');
		expect(jordan).toMatchObject({ concern: 'acne_scars', area: 'cheeks' });
		// skin in every band of the picture, where a bar would leave black
		for (const y of [0.2, 0.35, 0.5, 0.65, 0.8]) {
			for (const x of [0.3, 0.5, 0.7]) {
				const [r, g, b] = jordan.at(x, y);
				expect(Math.max(r, g, b), `x ${x} y ${y}`).toBeGreaterThan(60);
				expect(r, `skin at x ${x} y ${y}`).toBeGreaterThan(b);
			}
		}
	});

	it('shows stretch marks on an abdomen, with no bar across it', async () => {
		const sofia = await publicBefore('Sofia Rossi');
		expect(sofia).toMatchObject({ concern: 'stretch_marks', area: 'abdomen' });
		// skin across the middle of the picture at every height
		for (const y of [0.2, 0.3, 0.4, 0.6, 0.7]) {
			const [r, g, b] = sofia.at(0.5, y);
			expect(Math.min(r, g, b), `y ${y}`).toBeGreaterThan(60);
			expect(r, `skin, not the grey-blue backdrop, at y ${y}`).toBeGreaterThan(b + 15);
		}
	});

	it('leaves things as they are when run again, even after a case was withdrawn', async () => {
		const one = t.db.select().from(galleryCase).get()!;
		t.db.update(galleryCase).set({ status: 'withdrawn' }).where(eq(galleryCase.id, one.id)).run();
		expect(await publishDemoCases(t.db, store)).toBe(0);
		expect(t.db.select().from(galleryCase).all()).toHaveLength(7);
	});
});
