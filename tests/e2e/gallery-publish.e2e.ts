import fs from 'node:fs';
import sharp from 'sharp';
import { eq } from 'drizzle-orm';
import { test, expect, gotoHydrated } from './app';
import { auditEvent, galleryCase, user } from '../../src/lib/server/db/schema';
import { publicImages, publishedCase, redactionsField } from './gallery-helpers';
import { firstCourse, frontPhotos, patientNamed } from './demo-records';

test('a clinician redacts, previews, publishes and withdraws a case; the public files follow', async ({
	demo,
	page,
	context
}) => {
	test.setTimeout(90_000);
	const clinician = demo.db.select().from(user).where(eq(user.email, 'clinician@demo.test')).get()!;
	await demo.signInAs(context, 'clinician@demo.test');
	await gotoHydrated(page, `${demo.baseURL}/clinic/gallery`);
	await page.getByRole('link', { name: 'New case', exact: true }).click();
	// the case list links Jordan's published case too: wait for the picker before choosing him
	await page.waitForURL(/\/clinic\/gallery\/new$/);
	await page.getByRole('link', { name: 'Jordan Avery' }).click();
	await page.waitForURL(/\/clinic\/gallery\/new\?patient=/);
	await expect(page.getByLabel('View')).toHaveValue('front');
	// first and latest front photo are chosen by default
	const befores = page.getByRole('group', { name: 'Before photo' }).getByRole('radio');
	const afters = page.getByRole('group', { name: 'After photo' }).getByRole('radio');
	await expect(befores).toHaveCount(4);
	await expect(befores.first()).toBeChecked();
	await expect(afters.last()).toBeChecked();
	await page.getByRole('button', { name: 'Create draft' }).click();
	await page.waitForURL(/\/clinic\/gallery\/[a-z0-9]+$/);
	const caseId = page.url().split('/').at(-1)!;
	await page.locator('html[data-hydrated]').waitFor({ state: 'attached' });

	// an eye bar with the keyboard: added, moved down 3 %, widened 5 %
	await page.getByRole('button', { name: 'Add eye bar to the before photo' }).click();
	const bar = page.getByRole('button', { name: 'Eye bar 1 on the before photo' });
	await expect(bar).toBeFocused();
	for (const key of ['ArrowDown', 'ArrowDown', 'ArrowDown']) {
		await page.keyboard.press(key);
	}
	for (let i = 0; i < 5; i++) {
		await page.keyboard.press('Shift+ArrowRight');
	}
	let value = await redactionsField(page);
	expect(value.before.masks).toEqual([
		{ kind: 'bar', x: 0.25, y: expect.closeTo(0.36), w: expect.closeTo(0.55), h: 0.1 }
	]);
	// a second one, removed with Delete
	await page.getByRole('button', { name: 'Add eye bar to the before photo' }).click();
	await page.keyboard.press('Delete');
	await expect(page.getByRole('button', { name: 'Eye bar 2 on the before photo' })).toHaveCount(0);
	await expect(bar).toBeFocused();

	// a blur on the after photo, dragged with the mouse by a quarter of the photo's width
	await page.getByRole('button', { name: 'Add blur to the after photo' }).click();
	const blur = page.getByRole('button', { name: 'Blur 1 on the after photo' });
	await blur.scrollIntoViewIfNeeded();
	const stage = (await blur.locator('..').boundingBox())!;
	const box = (await blur.boundingBox())!;
	await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
	await page.mouse.down();
	await page.mouse.move(box.x + box.width / 2 - stage.width / 4, box.y + box.height / 2, {
		steps: 5
	});
	await page.mouse.up();
	value = await redactionsField(page);
	expect(value.after.masks[0].kind).toBe('blur');
	expect(value.after.masks[0].x).toBeCloseTo(0.15, 1);

	// a 4:5 crop on both photos
	await page.getByRole('radio', { name: '4:5' }).check();
	await expect(page.getByRole('button', { name: 'Crop on the before photo' })).toBeVisible();
	await expect(page.getByRole('button', { name: 'Crop on the after photo' })).toBeVisible();

	const previewBefore = page.getByRole('img', { name: 'Before photo as it will be public' });
	const oldSrc = await previewBefore.getAttribute('src');
	await page.getByLabel('Title').fill('Acne scars on the cheeks, four sessions');
	await page.getByRole('button', { name: 'Save draft' }).click();
	await expect(page.getByRole('status').filter({ hasText: 'Saved' })).toBeVisible();
	const saved = demo.db.select().from(galleryCase).where(eq(galleryCase.id, caseId)).get()!;
	expect(saved.title).toBe('Acne scars on the cheeks, four sessions');
	const r = saved.redactions as { before: { crop: object; masks: object[] } };
	expect(r.before.crop).not.toBeNull();
	expect(r.before.masks).toHaveLength(1);

	// the preview follows the saved redaction, rendered privately on the server
	await expect(previewBefore).not.toHaveAttribute('src', oldSrc!);
	const preview = await page.request.get(demo.baseURL + (await previewBefore.getAttribute('src')));
	expect(preview.status()).toBe(200);
	expect(preview.headers()['content-type']).toBe('image/webp');
	expect(preview.headers()['cache-control']).toBe('private, no-store');
	const meta = await sharp(await preview.body()).metadata();
	expect(meta.width! / meta.height!).toBeCloseTo(4 / 5, 1);

	await page.getByText('Publish…').click();
	await page.getByRole('button', { name: 'Publish now' }).click();
	const done = page.getByRole('status').filter({ hasText: 'Published. It is public at' });
	await expect(done).toBeVisible({ timeout: 30_000 });
	await expect(done.getByRole('link')).toHaveAttribute('href', `/c/demo/cases/${caseId}`);

	// publish answered with WebP and the card; the server's worker adds the AVIF files
	await expect
		.poll(() => publicImages(demo, caseId).filter((i) => i.format === 'avif').length, {
			timeout: 90_000
		})
		.toBeGreaterThan(0);
	const images = publicImages(demo, caseId);
	expect(images.length).toBeGreaterThan(4);
	expect(images.some((i) => i.format === 'jpeg')).toBe(true);
	for (const img of images) {
		const res = await page.request.get(img.url);
		expect(res.status(), img.url).toBe(200);
		expect(res.headers()['cache-control']).toContain('immutable');
		expect((await sharp(await res.body()).metadata()).exif, img.url).toBeUndefined();
		expect(fs.existsSync(img.file)).toBe(true);
	}

	await page.getByText('Withdraw from the gallery…').click();
	await page.getByRole('button', { name: 'Withdraw now' }).click();
	await expect(page.getByRole('status').filter({ hasText: /Withdrawn/ })).toBeVisible();
	for (const img of images) {
		expect((await page.request.get(img.url)).status(), img.url).toBe(404);
		expect(fs.existsSync(img.file), img.file).toBe(false);
	}
	expect(publicImages(demo, caseId)).toEqual([]);
	expect(demo.db.select().from(galleryCase).where(eq(galleryCase.id, caseId)).get()?.status).toBe(
		'withdrawn'
	);
	const trail = demo.db
		.select()
		.from(auditEvent)
		.where(eq(auditEvent.targetId, caseId))
		.all()
		.map((e) => [e.action, e.actorUserId === clinician.id, e.ok]);
	expect(trail).toEqual([
		['gallery_draft', true, true],
		['gallery_draft_update', true, true],
		['gallery_publish', true, true],
		['gallery_withdraw', true, true]
	]);
	await gotoHydrated(page, `${demo.baseURL}/clinic/gallery?status=withdrawn`);
	await expect(
		page.getByRole('link', { name: 'Acne scars on the cheeks, four sessions' })
	).toBeVisible();
});

test('labels and redactions are checked on the server with a clear 400; a published case is read-only', async ({
	demo,
	context
}) => {
	await demo.signInAs(context, 'clinician@demo.test');
	const jordan = patientNamed(demo, 'Jordan Avery');
	const co = firstCourse(demo, jordan.id);
	const fronts = frontPhotos(demo, jordan.id);
	const headers = { origin: demo.baseURL, accept: 'text/html' };
	const created = await context.request.post(`${demo.baseURL}/clinic/gallery/new?/create`, {
		form: { courseId: co.id, before: fronts[0].id, after: fronts[2].id },
		headers,
		maxRedirects: 0
	});
	expect(created.status()).toBe(303);
	const editor = demo.baseURL + created.headers()['location'];
	const good = {
		title: 'A case',
		description: '',
		concern: 'acne_scars',
		area: 'cheeks',
		fitzpatrick: '3',
		sessionsCount: '2',
		weeksElapsed: '12',
		redactions: JSON.stringify({
			before: { crop: null, masks: [] },
			after: { crop: null, masks: [] }
		})
	};
	const save = (changes: Record<string, string>) =>
		context.request.post(`${editor}?/save`, { form: { ...good, ...changes }, headers });
	for (const [changes, message] of [
		[{ title: ' ' }, 'Give the case a title.'],
		[{ weeksElapsed: 'soon' }, 'Weeks between the photos must be a whole number.'],
		[{ sessionsCount: '40' }, 'Sessions must be between 0 and 12.'],
		[{ concern: 'warts' }, 'Choose a concern from the list.'],
		[
			{
				redactions: JSON.stringify({
					before: { crop: { x: 0.6, y: 0, w: 0.5, h: 0.5 }, masks: [] },
					after: { crop: null, masks: [] }
				})
			},
			'crop must lie inside the photo'
		],
		[{ redactions: '{not json' }, 'The redaction could not be read']
	] as const) {
		const res = await save(changes);
		expect(res.status(), JSON.stringify(changes)).toBe(400);
		expect(await res.text()).toContain(message);
	}
	expect((await save({})).status()).toBe(200);

	// crops of different shapes cannot share one frame: publishing says so
	const mismatched = JSON.stringify({
		before: { crop: { x: 0, y: 0, w: 0.5, h: 0.5 }, masks: [] },
		after: { crop: { x: 0, y: 0, w: 0.5, h: 0.8 }, masks: [] }
	});
	expect((await save({ redactions: mismatched })).status()).toBe(200);
	const refused = await context.request.post(`${editor}?/publish`, { form: {}, headers });
	expect(refused.status()).toBe(400);
	expect(await refused.text()).toContain('different shapes');

	expect((await save({})).status()).toBe(200);
	expect((await context.request.post(`${editor}?/publish`, { form: {}, headers })).status()).toBe(
		200
	);
	const late = await save({ title: 'Changed after publishing' });
	expect(late.status()).toBe(409);
	expect(await late.text()).toContain('Only a draft can be changed');
});

test('revoking the gallery consent on the patient page takes the public images down', async ({
	demo,
	page,
	context
}) => {
	const caseId = await publishedCase(demo, 'Jordan Avery');
	const images = publicImages(demo, caseId);
	expect((await page.request.get(images[0].url)).status()).toBe(200);
	await demo.signInAs(context, 'clinician@demo.test');
	await gotoHydrated(
		page,
		`${demo.baseURL}/clinic/patients/${patientNamed(demo, 'Jordan Avery').id}`
	);
	await expect(page.getByRole('link', { name: 'Publish to gallery' })).toBeVisible();
	const item = page.getByRole('listitem').filter({ hasText: 'Public gallery (de-identified)' });
	await item.getByText('Withdraw…').click();
	await item.getByLabel('Reason given').fill('Changed their mind about the gallery');
	await item.getByRole('button', { name: 'Withdraw consent now' }).click();
	await expect(item.getByText('revoked')).toBeVisible();
	for (const img of images) {
		expect((await page.request.get(img.url)).status(), img.url).toBe(404);
		expect(fs.existsSync(img.file)).toBe(false);
	}
	await expect(page.getByRole('link', { name: 'Publish to gallery' })).toHaveCount(0);
	await gotoHydrated(page, `${demo.baseURL}/clinic/gallery/${caseId}`);
	await expect(page.getByText(/This case was withdrawn/)).toBeVisible();
});
