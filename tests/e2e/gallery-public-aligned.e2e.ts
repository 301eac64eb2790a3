// Issue 18 on the public case page: the after photo aligned to the before by default with an
// "As taken" choice, a line when the pair was not aligned, and the AVIF files that a job adds
// after publish answered with WebP.
import sharp from 'sharp';
import { eq, inArray } from 'drizzle-orm';
import type { Page } from '@playwright/test';
import { test, expect, type App } from './app';
import { seriousViolations } from './axe';
import { frontPhotos, patientNamed } from './demo-records';
import { publishedCase } from './gallery-helpers';
import { galleryCase, job, photo, photoAlignment } from '../../src/lib/server/db/schema';
import { aboutCentre } from '../../src/lib/server/photos/align/similarity';
import type { ProvenanceBody } from '../../src/lib/domain/provenance';

/** Alignment rows as the photo job writes them: the latest front aligned to the first. */
function alignFronts(demo: App, name: string) {
	const p = patientNamed(demo, name);
	const fronts = frontPhotos(demo, p.id);
	const [first, latest] = [fronts[0], fronts.at(-1)!];
	const size = demo.db.select().from(photo).where(eq(photo.id, latest.id)).get()!;
	const centre = [(size.width ?? 240) / 2, (size.height ?? 300) / 2] as const;
	// over what the seeded demo's own alignment job wrote: a known transform to check against
	const rows = [
		{ photoId: first.id, baselineId: null, status: 'baseline' as const, analysedAt: new Date() },
		{
			photoId: latest.id,
			baselineId: first.id,
			status: 'aligned' as const,
			method: 'landmarks',
			confidence: 0.93,
			analysedAt: new Date(),
			...aboutCentre(1.03, 2.5, centre, [4, -3])
		}
	];
	for (const row of rows) {
		demo.db
			.insert(photoAlignment)
			.values(row)
			.onConflictDoUpdate({ target: photoAlignment.photoId, set: row })
			.run();
	}
}

const asTakenToken = (demo: App, caseId: string) =>
	(
		demo.db.select().from(galleryCase).where(eq(galleryCase.id, caseId)).get()!
			.provenance as ProvenanceBody
	).afterAsTaken!.token;

const afterImage = (page: Page) => page.getByRole('img', { name: /after \d+ sessions?/ }).first();

/** Waits for the worker of the test's server to finish the case's AVIF job. */
async function avifJobDone(demo: App, caseId: string) {
	await expect
		.poll(
			() =>
				demo.db
					.select()
					.from(job)
					.where(eq(job.kind, 'gallery.avif'))
					.all()
					.find((j) => (j.payload as { caseId: string }).caseId === caseId)?.status,
			{ timeout: 90_000, intervals: [500] }
		)
		.toBe('done');
}

test('an aligned case shows the after in the before’s frame, and as taken on request, at 360 px, with and without JavaScript', async ({
	demo,
	page,
	browser
}) => {
	alignFronts(demo, 'Diego Alvarez');
	const caseId = await publishedCase(demo, 'Diego Alvarez');
	const token = asTakenToken(demo, caseId);
	const url = `${demo.baseURL}/c/demo/cases/${caseId}`;

	await page.setViewportSize({ width: 360, height: 740 });
	await page.goto(url);
	const aligned = page.getByRole('radio', { name: 'Aligned' });
	const asTaken = page.getByRole('radio', { name: 'As taken' });
	await expect(aligned).toBeChecked();
	await expect(afterImage(page)).not.toHaveAttribute('src', new RegExp(token));
	await expect(page.getByText(/^Shown as taken/)).toHaveCount(0);
	expect(await seriousViolations(page)).toEqual([]);
	await expect(
		page.getByText(/After photo aligned to the before: only moved, turned 2\.5°/)
	).toBeVisible();
	// by keyboard: the arrow moves the radio group on, the URL and the photo follow
	await aligned.focus();
	await page.keyboard.press('ArrowRight');
	await expect(asTaken).toBeChecked();
	await expect(page).toHaveURL(/\?photos=as-taken$/);
	await expect(afterImage(page)).toHaveAttribute('src', new RegExp(token));
	await expect(afterImage(page)).toHaveAccessibleName(/as taken/);
	await expect(
		page.getByText('Shown as taken: each photo in its own framing, not aligned.')
	).toBeVisible();
	// the compare mode keeps the choice, and the other way round
	await page.getByLabel('Side by side').check();
	await expect(page).toHaveURL(/\?mode=side&photos=as-taken$/);
	expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(
		true
	);

	// without JavaScript: the same radios in a GET form with its button
	const noJs = await browser.newContext({
		javaScriptEnabled: false,
		viewport: { width: 360, height: 740 }
	});
	const plain = await noJs.newPage();
	await plain.goto(url);
	await plain.getByRole('radio', { name: 'As taken' }).check();
	await plain.getByRole('button', { name: 'Show' }).click();
	await expect(plain).toHaveURL(/[?&]photos=as-taken/);
	await expect(afterImage(plain)).toHaveAttribute('src', new RegExp(token));
	await noJs.close();
});

test('a case that was not aligned says its photos are shown as taken, and offers no choice', async ({
	demo,
	page
}) => {
	// photos the alignment job never reached (the seeded demo's are all aligned)
	const p = patientNamed(demo, 'Mei Tanaka');
	const ids = demo.db
		.select({ id: photo.id })
		.from(photo)
		.where(eq(photo.patientId, p.id))
		.all()
		.map((r) => r.id);
	demo.db.delete(photoAlignment).where(inArray(photoAlignment.photoId, ids)).run();
	const caseId = await publishedCase(demo, 'Mei Tanaka');
	await page.goto(`${demo.baseURL}/c/demo/cases/${caseId}`);
	await expect(
		page.getByText('Shown as taken: these two photos were not aligned to each other.')
	).toBeVisible();
	await expect(page.getByRole('radio', { name: 'As taken' })).toHaveCount(0);
});

test('publish answers with WebP; the AVIF files appear once the job has run, clean of metadata', async ({
	demo,
	page
}) => {
	const caseId = await publishedCase(demo, 'Mei Tanaka');
	const url = `${demo.baseURL}/c/demo/cases/${caseId}`;
	const sources = async () => {
		await page.goto(url);
		return page
			.locator('.comparison picture source')
			.evaluateAll((els) =>
				els.map((e) => ({ type: e.getAttribute('type'), srcset: e.getAttribute('srcset') ?? '' }))
			);
	};
	// the server's worker may already have started on it: only what exists is offered
	const first = await sources();
	expect(first.some((s) => s.type === 'image/webp')).toBe(true);
	for (const s of first.filter((s) => s.type === 'image/avif')) {
		for (const candidate of s.srcset.split(',')) {
			const u = candidate.trim().split(/\s+/)[0];
			expect((await page.request.get(demo.baseURL + u)).status(), u).toBe(200);
		}
	}
	await avifJobDone(demo, caseId);
	const avif = (await sources()).filter((s) => s.type === 'image/avif');
	expect(avif.length).toBeGreaterThanOrEqual(2);
	for (const s of avif) {
		for (const candidate of s.srcset.split(',')) {
			const u = candidate.trim().split(/\s+/)[0];
			expect(u).toMatch(/\.avif$/);
			const res = await page.request.get(demo.baseURL + u);
			expect(res.status(), u).toBe(200);
			expect(res.headers()['content-type']).toBe('image/avif');
			const bytes = await res.body();
			const meta = await sharp(bytes).metadata();
			expect([meta.exif, meta.xmp, meta.iptc], u).toEqual([undefined, undefined, undefined]);
			expect(bytes.toString('latin1')).not.toMatch(/GPS[A-Z]/);
		}
	}
	// and the signed record lists them, with the encode step saying AVIF
	const record = await (await page.request.get(`${url}/provenance.json`)).json();
	expect(record.outputs.some((o: { format: string }) => o.format === 'avif')).toBe(true);
	expect(record.operations.after.find((o: { op: string }) => o.op === 'encode').formats).toEqual([
		'avif',
		'webp'
	]);
});
