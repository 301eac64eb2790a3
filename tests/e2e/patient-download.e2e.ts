import fs from 'node:fs';
import AxeBuilder from '@axe-core/playwright';
import sharp from 'sharp';
import { and, eq, isNull } from 'drizzle-orm';
import type { Browser } from '@playwright/test';
import { addOutsiders } from './people';
import { test, expect, gotoHydrated } from './app';
import { auditEvent, photo } from '../../src/lib/server/db/schema';
import { auditTrail, jordanOf } from './demo-records';
import { unzip } from '../support/unzip';

test('a patient downloads their own photos as a ZIP of full-size JPEGs, and it is audited', async ({
	demo,
	page,
	context
}) => {
	const jordan = jordanOf(demo);
	const ready = demo.db
		.select()
		.from(photo)
		.where(and(eq(photo.patientId, jordan.id), eq(photo.status, 'ready'), isNull(photo.deletedAt)))
		.all();
	// the demo's complete course: four sessions, five views each
	expect(ready.length).toBe(20);
	await demo.signInAs(context, 'patient@demo.test');
	await gotoHydrated(page, `${demo.baseURL}/me`);

	const link = page.getByRole('link', { name: 'Download my photos (20)' });
	await expect(page.getByText('Full-size photos, no location data')).toBeVisible();
	const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
	await expect(page.getByText('Preparing your download…')).toBeVisible();
	expect((await new AxeBuilder({ page }).include('main').analyze()).violations).toEqual([]);

	expect(download.suggestedFilename()).toMatch(/^resurface-photos-\d{4}-\d{2}-\d{2}\.zip$/);
	const entries = await unzip(fs.readFileSync((await download.path())!));
	const jpegs = entries.filter((e) => e.name.endsWith('.jpg'));
	expect(entries.map((e) => e.name)).toEqual(['README.txt', ...jpegs.map((e) => e.name)]);
	expect(jpegs).toHaveLength(20);
	for (const [n, date] of [...new Set(ready.map((p) => p.takenOn))].sort().entries()) {
		for (const view of ['front', 'left45', 'right45', 'left90', 'right90']) {
			expect(jpegs.map((e) => e.name)).toContain(`Acne scars/${date}-session-${n + 1}-${view}.jpg`);
		}
	}
	const sizes = ready.map((p) => `${p.width}x${p.height}`).sort();
	const got = await Promise.all(jpegs.map((e) => sharp(e.data).metadata()));
	expect(got.map((m) => `${m.width}x${m.height}`).sort()).toEqual(sizes);
	for (const m of got) {
		expect(m.format).toBe('jpeg');
		expect(m.exif).toBeUndefined();
	}
	expect(entries[0].data.toString()).toContain('Jordan Avery');

	const audits = auditTrail(demo, 'photo_download', jordan.id);
	expect(audits).toHaveLength(1);
	expect(audits[0]).toMatchObject({ targetType: 'patient', ok: true, detail: 'photos=20' });
});

test('the archive is a private file: headers, and 404 for everyone but the patient', async ({
	demo,
	browser
}) => {
	const { jordan, other } = await addOutsiders(demo);
	const get = async (b: Browser, email: string | null) => {
		const context = await b.newContext();
		if (email) {
			await demo.signInAs(context, email);
		}
		const res = await context.request.get(`${demo.baseURL}/media/private/my-photos.zip`, {
			maxRedirects: 0
		});
		return { res, body: await res.body(), close: () => context.close() };
	};

	const own = await get(browser, 'patient@demo.test');
	expect(own.res.status()).toBe(200);
	expect(own.res.headers()).toMatchObject({
		'content-type': 'application/zip',
		'cache-control': 'private, no-store',
		'x-content-type-options': 'nosniff'
	});
	expect(own.res.headers()['content-disposition']).toMatch(
		/^attachment; filename="resurface-photos-\d{4}-\d{2}-\d{2}\.zip"$/
	);
	await own.close();

	// The other patient's own archive holds only their photos (none of Jordan's).
	const theirs = await get(browser, 'other-patient@demo.test');
	expect(theirs.res.status()).toBe(200);
	const theirCount = demo.db
		.select()
		.from(photo)
		.where(and(eq(photo.patientId, other.id), eq(photo.status, 'ready')))
		.all().length;
	expect((await unzip(theirs.body)).filter((e) => e.name.endsWith('.jpg'))).toHaveLength(
		theirCount
	);
	expect(theirs.body.includes('Jordan Avery')).toBe(false);
	await theirs.close();

	for (const who of [
		null,
		'clinician@demo.test',
		'owner@demo.test',
		'frontdesk@demo.test',
		'owner@elsewhere.test'
	]) {
		const r = await get(browser, who);
		expect(r.res.status(), who ?? 'anonymous').toBe(404);
		expect(r.res.headers()['content-type'], who ?? 'anonymous').not.toBe('application/zip');
		await r.close();
	}
	const downloads = demo.db
		.select()
		.from(auditEvent)
		.where(eq(auditEvent.action, 'photo_download'))
		.all();
	expect(downloads.map((a) => a.targetId).sort()).toEqual([jordan.id, other.id].sort());
});
