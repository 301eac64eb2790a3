import { eq } from 'drizzle-orm';
import { test, expect, gotoHydrated } from './app';
import { galleryCase } from '../../src/lib/server/db/schema';
import { createClinic } from '../../src/lib/server/clinic/clinic';
import { NO_GALLERY_CONSENT } from '../../src/lib/server/gallery/drafts';

import { publishedCase } from './gallery-helpers';
import { seriousViolations } from './axe';
import { firstCourse, frontPhotos, patientNamed } from './demo-records';

test('only the clinic’s owner and clinicians reach the gallery; everyone else gets 404', async ({
	demo,
	browser
}) => {
	const caseId = await publishedCase(demo, 'Mei Tanaka');
	await createClinic(demo.db, {
		clinicName: 'Elsewhere',
		slug: 'elsewhere',
		ownerName: 'Eve',
		email: 'owner@elsewhere.test',
		password: 'elsewhere-password'
	});
	const mei = patientNamed(demo, 'Mei Tanaka');
	const all = [
		'/clinic/gallery',
		'/clinic/gallery/new',
		`/clinic/gallery/new?patient=${mei.id}`,
		`/clinic/gallery/${caseId}`,
		`/media/preview/${caseId}/before`,
		`/media/preview/${caseId}/after`
	];
	const perCase = all.slice(3);
	const cases: [string | null, string[]][] = [
		['frontdesk@demo.test', all],
		['patient@demo.test', all],
		['owner@elsewhere.test', [...perCase, `/clinic/gallery/new?patient=${mei.id}`]],
		[null, [`/media/preview/${caseId}/before`]]
	];
	for (const [email, paths] of cases) {
		const context = await browser.newContext();
		if (email) {
			await demo.signInAs(context, email);
		}
		for (const p of paths) {
			const res = await context.request.get(demo.baseURL + p, { maxRedirects: 0 });
			expect(res.status(), `${email} ${p}`).toBe(404);
			expect(res.headers()['content-type'], `${email} ${p}`).not.toMatch(/^image\//);
		}
		if (email === 'frontdesk@demo.test') {
			const page = await context.newPage();
			await page.goto(`${demo.baseURL}/clinic`);
			await expect(page.getByRole('navigation', { name: 'Main' })).toBeVisible();
			await expect(page.getByRole('link', { name: 'Gallery' })).toHaveCount(0);
		}
		await context.close();
	}
	for (const email of ['owner@demo.test', 'clinician@demo.test']) {
		const context = await browser.newContext();
		await demo.signInAs(context, email);
		for (const p of all) {
			expect((await context.request.get(demo.baseURL + p)).status(), `${email} ${p}`).toBe(200);
		}
		await context.close();
	}
});

test('a patient without an active gallery consent cannot be chosen, and the server refuses', async ({
	demo,
	page,
	context
}) => {
	await demo.signInAs(context, 'clinician@demo.test');
	const aisha = patientNamed(demo, 'Aisha Bello');
	await page.goto(`${demo.baseURL}/clinic/gallery/new?q=a`);
	const unavailable = page.getByRole('region', { name: 'Not available' });
	await expect(unavailable.getByText('Aisha Bello')).toBeVisible();
	await expect(unavailable.getByText(/gallery consent withdrawn/).first()).toBeVisible();
	await expect(
		page.getByRole('region', { name: 'Choose a patient' }).getByText('Aisha Bello')
	).toHaveCount(0);
	await page.goto(`${demo.baseURL}/clinic/gallery/new?patient=${aisha.id}`);
	await expect(
		page.getByText(/Aisha Bello has no active consent to the public gallery/)
	).toBeVisible();
	await expect(page.getByRole('button', { name: 'Create draft' })).toHaveCount(0);

	const co = firstCourse(demo, aisha.id);
	const fronts = frontPhotos(demo, aisha.id);
	const res = await page.request.post(`${demo.baseURL}/clinic/gallery/new?/create`, {
		form: { courseId: co.id, before: fronts[0].id, after: fronts.at(-1)!.id },
		headers: { origin: demo.baseURL, accept: 'text/html' },
		maxRedirects: 0
	});
	expect(res.status()).toBe(403);
	expect(await res.text()).toContain(NO_GALLERY_CONSENT);
	expect(
		demo.db.select().from(galleryCase).where(eq(galleryCase.patientId, aisha.id)).all()
	).toEqual([]);
});

test('the gallery pages have no serious or critical accessibility violations', async ({
	demo,
	page,
	context
}) => {
	await publishedCase(demo, 'Mei Tanaka');
	await demo.signInAs(context, 'clinician@demo.test');
	const jordan = patientNamed(demo, 'Jordan Avery');
	const cspErrors: string[] = [];
	page.on('console', (m) => {
		if (m.text().includes('Content Security Policy')) {
			cspErrors.push(`${page.url()}: ${m.text().slice(0, 120)}`);
		}
	});
	for (const url of [
		'/clinic/gallery',
		'/clinic/gallery/new',
		`/clinic/gallery/new?patient=${jordan.id}`
	]) {
		await gotoHydrated(page, demo.baseURL + url);
		expect(await seriousViolations(page), url).toEqual([]);
	}
	await page.getByRole('button', { name: 'Create draft' }).click();
	await page.waitForURL(/\/clinic\/gallery\/[a-z0-9]+$/);
	await page.locator('html[data-hydrated]').waitFor({ state: 'attached' });
	await page.getByRole('button', { name: 'Add eye bar to the before photo' }).click();
	await page.getByRole('button', { name: 'Add blur to the after photo' }).click();
	await page.getByRole('radio', { name: '1:1' }).check();
	await page.getByText('Publish…').click();
	expect(await seriousViolations(page), 'editor').toEqual([]);
	await gotoHydrated(page, demo.baseURL + '/clinic/gallery?status=published');
	await page.evaluate(() => document.querySelectorAll('details').forEach((d) => (d.open = true)));
	expect(await seriousViolations(page), 'list with confirm open').toEqual([]);
	expect(cspErrors).toEqual([]);

	// and none of them scrolls sideways on a 360 px phone
	const editor = demo.db.select().from(galleryCase).where(eq(galleryCase.status, 'draft')).get()!;
	await page.setViewportSize({ width: 360, height: 780 });
	for (const url of [
		'/clinic/gallery',
		`/clinic/gallery/new?patient=${jordan.id}`,
		`/clinic/gallery/${editor.id}`
	]) {
		await gotoHydrated(page, demo.baseURL + url);
		await page.evaluate(() => document.querySelectorAll('details').forEach((d) => (d.open = true)));
		const overflow = await page.evaluate(
			() => document.documentElement.scrollWidth - document.documentElement.clientWidth
		);
		expect(overflow, url).toBeLessThanOrEqual(0);
	}
});
