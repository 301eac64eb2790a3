import path from 'node:path';
import fs from 'node:fs';
import sharp from 'sharp';
import { eq } from 'drizzle-orm';
import { addOutsiders } from './people';
import { test, expect, type App } from './app';
import { openPatient, requestAs } from './clinic-steps';
import { latestPhoto, patientNamed } from './demo-records';
import { photo, photoVariant } from '../../src/lib/server/db/schema';

/** Every private URL of a patient's photos: each variant and each full-size photo. */
function photoUrls(demo: App, patientId: string): string[] {
	const rows = demo.db.select().from(photo).where(eq(photo.patientId, patientId)).all();
	const urls = rows.map((p) => `/media/private/${p.id}/full.jpg`);
	for (const p of rows) {
		for (const v of demo.db
			.select()
			.from(photoVariant)
			.where(eq(photoVariant.photoId, p.id))
			.all()) {
			urls.push(`/media/private/${p.id}/${v.width}.${v.format}`);
		}
	}
	return urls;
}

test('private photos: only the clinic’s clinical staff and the patient themself get bytes', async ({
	demo,
	browser
}) => {
	const { jordan } = await addOutsiders(demo);

	const jordanUrls = photoUrls(demo, jordan.id);
	expect(jordanUrls.length).toBeGreaterThan(40);
	const sample = jordanUrls;
	const outsiders = {
		anonymous: await requestAs(browser, demo, null),
		'another patient': await requestAs(browser, demo, 'other-patient@demo.test'),
		'front desk (no photo access)': await requestAs(browser, demo, 'frontdesk@demo.test'),
		'owner of another clinic': await requestAs(browser, demo, 'owner@elsewhere.test')
	};
	for (const [who, request] of Object.entries(outsiders)) {
		for (const url of sample) {
			const res = await request.get(demo.baseURL + url, { maxRedirects: 0 });
			expect(res.status(), `${who} ${url}`).toBe(404);
			expect(res.headers()['content-type'], `${who} ${url}`).not.toMatch(/^image\//);
		}
	}

	for (const who of ['patient@demo.test', 'clinician@demo.test', 'owner@demo.test']) {
		const request = await requestAs(browser, demo, who);
		for (const url of [sample[0], sample.at(-1)!]) {
			const res = await request.get(demo.baseURL + url);
			expect(res.status(), `${who} ${url}`).toBe(200);
			const h = res.headers();
			expect(h['cache-control']).toBe('private, no-store');
			expect(h['x-content-type-options']).toBe('nosniff');
			expect(h['content-type']).toMatch(/^image\/(jpeg|webp|avif)$/);
			expect(h['content-disposition']).toMatch(
				/^inline; filename="photo-\d{4}-\d{2}-\d{2}-[a-z0-9]+-[a-z0-9]+\.[a-z]+"$/
			);
		}
	}
});

test('a clinician uploads a photo from the patient page and sees it processed', async ({
	demo,
	page,
	context
}) => {
	const p = await openPatient(demo, context, page, 'clinician@demo.test', 'Mei Tanaka');
	const left45 = page.getByRole('img', { name: /Left 45° view/ });
	const before = await left45.count();
	await page.locator('summary', { hasText: 'Upload photos' }).click();
	await page
		.getByLabel('Add a Left 45° photo')
		.setInputFiles(path.resolve('../shared/fixtures/photos/exif/gps-nikon-DSCN0012.jpg'));
	const item = page.getByRole('list', { name: 'Uploads' }).getByRole('listitem');
	await expect(item.getByText('Ready')).toBeVisible({ timeout: 20_000 });

	// A file that is not a photo fails with the server's message (retrying would not help).
	await page.getByLabel('Add a Front photo').setInputFiles({
		name: 'notes.jpg',
		mimeType: 'image/jpeg',
		buffer: Buffer.from('PK\u0003\u0004 not really a jpeg')
	});
	const bad = item.filter({ hasText: 'notes.jpg' });
	await expect(bad.getByText(/not a photo format/)).toBeVisible();
	await expect(bad.getByRole('button', { name: 'Retry' })).toHaveCount(0);

	// A dropped connection can be retried with the same file.
	await page.route('**/api/v1/patients/*/photos', (route) => route.abort());
	await page
		.getByLabel('Add a Right 90° photo')
		.setInputFiles(path.resolve('../shared/fixtures/photos/orientation/Portrait_2.jpg'));
	const dropped = item.filter({ hasText: 'Portrait_2.jpg' });
	await expect(dropped.getByText(/connection dropped/)).toBeVisible();
	await page.unroute('**/api/v1/patients/*/photos');
	await dropped.getByRole('button', { name: 'Retry' }).click();
	await expect(dropped.getByText('Ready')).toBeVisible({ timeout: 20_000 });
	// The page looks again by itself until the worker is done.
	await expect(left45).toHaveCount(before + 1, { timeout: 20_000 });
	await expect(page.getByText('Processing…')).toHaveCount(0);

	const row = latestPhoto(demo, p.id, 'left45');
	expect(row.status).toBe('ready');
	// No served file carries the camera's EXIF or GPS: not a variant, not the full-size photo
	// (the original on disk does: the upload was a GPS-tagged Nikon photo).
	for (const file of ['320.webp', 'full.jpg']) {
		const res = await page.request.get(`${demo.baseURL}/media/private/${row.id}/${file}`);
		expect(res.status(), file).toBe(200);
		const body = await res.body();
		const meta = await sharp(body).metadata();
		expect(meta.exif, file).toBeUndefined();
		expect(meta.xmp, file).toBeUndefined();
		expect(body.subarray(0, 4096).includes(Buffer.from('NIKON')), file).toBe(false);
		if (file === 'full.jpg') {
			expect([meta.width, meta.height]).toEqual([640, 480]);
		}
	}
	expect(
		fs.readFileSync(path.join(demo.dir, 'media', row.originalKey)).includes(Buffer.from('NIKON'))
	).toBe(true);
});

test('the upload API refuses a cross-site form post and answers per file as JSON', async ({
	demo,
	context
}) => {
	const p = patientNamed(demo, 'Mei Tanaka');
	await demo.signInAs(context, 'clinician@demo.test');
	const url = `${demo.baseURL}/api/v1/patients/${p.id}/photos`;
	const jpeg = fs.readFileSync(
		path.resolve('../shared/fixtures/photos/orientation/Portrait_8.jpg')
	);
	const multipart = {
		view: 'front',
		file: { name: 'p.jpg', mimeType: 'image/jpeg', buffer: jpeg }
	};
	// (a small body: the refusal comes before the body is read)
	const crossSite = await context.request.post(url, {
		multipart: {
			view: 'front',
			file: { name: 'p.jpg', mimeType: 'image/jpeg', buffer: jpeg.subarray(0, 2000) }
		},
		headers: { origin: 'https://evil.example' }
	});
	expect(crossSite.status()).toBe(403);

	const res = await context.request.post(url, { multipart, headers: { origin: demo.baseURL } });
	expect(res.status()).toBe(201);
	const body = await res.json();
	expect(body.files[0]).toMatchObject({ ok: true, status: 201, photoStatus: 'processing' });
	const svg = await context.request.post(url, {
		multipart: {
			view: 'front',
			file: {
				name: 'x.jpg',
				mimeType: 'image/jpeg',
				buffer: Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>')
			}
		},
		headers: { origin: demo.baseURL }
	});
	expect(svg.status()).toBe(415);
	expect((await svg.json()).files[0].message).toMatch(/JPEG, PNG, WebP, AVIF or HEIC/);
});

test('without JavaScript the plain upload form works, and a photo can be filed under another view', async ({
	demo,
	browser
}) => {
	const p = patientNamed(demo, 'Mei Tanaka');
	const context = await browser.newContext({ javaScriptEnabled: false });
	await demo.signInAs(context, 'clinician@demo.test');
	const page = await context.newPage();
	await page.goto(`${demo.baseURL}/clinic/patients/${p.id}`);
	await page.locator('summary', { hasText: 'Upload photos' }).click();
	await page.getByLabel('View', { exact: true }).selectOption('right90');
	// without JavaScript both are asked for, with no default to misfile under
	await page
		.getByLabel('Session', { exact: true })
		.selectOption({ label: 'No session (a follow-up photo)' });
	await page
		.getByLabel('Photo files', { exact: true })
		.setInputFiles(path.resolve('../shared/fixtures/photos/orientation/Portrait_5.jpg'));
	await page.getByRole('button', { name: 'Upload', exact: true }).click();
	// (without JavaScript the words are the page's at the moment it was made)
	await expect(page.getByText(/Portrait_5.jpg: uploaded, (processing|ready)/)).toBeVisible();
	const row = latestPhoto(demo, p.id, 'right90');
	expect(row.originalBytes).toBe(
		fs.statSync(path.resolve('../shared/fixtures/photos/orientation/Portrait_5.jpg')).size
	);

	// File it under "custom" and mark it as the course's after photo.
	await page.goto(`${demo.baseURL}/clinic/patients/${p.id}`);
	await page
		.locator('details', { has: page.locator(`#view-${row.id}`) })
		.locator('summary', { hasText: 'Edit' })
		.click();
	await page.locator(`#view-${row.id}`).selectOption('custom');
	await page.locator(`#role-${row.id}`).selectOption('after');
	await page.locator(`#view-${row.id}`).locator('..').getByRole('button', { name: 'Save' }).click();
	await expect
		.poll(() => demo.db.select().from(photo).where(eq(photo.id, row.id)).get()?.view)
		.toBe('custom');
	expect(demo.db.select().from(photo).where(eq(photo.id, row.id)).get()?.role).toBe('after');
	await context.close();
});
