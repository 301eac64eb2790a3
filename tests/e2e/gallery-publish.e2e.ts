import fs from 'node:fs';
import sharp from 'sharp';
import { eq } from 'drizzle-orm';
import { test, expect, gotoHydrated } from './app';
import { auditEvent, galleryCase, photoAlignment, user } from '../../src/lib/server/db/schema';
import { publicImages, publishedCase, redactionsField } from './gallery-helpers';
import { patientNamed } from './demo-records';
import { FACE_PATIENT, facePatient } from './face-patient';
import type { Page } from '@playwright/test';

/** A screenshot for a person to look at, when SHOTS_DIR names where (issue 18: /work/shots/18). */
async function shoot(page: Page, name: string) {
	if (process.env.SHOTS_DIR) {
		await page.screenshot({ path: `${process.env.SHOTS_DIR}/${name}.png`, fullPage: true });
	}
}

test('a clinician redacts, previews, publishes and withdraws a case; the public files follow', async ({
	demo,
	page,
	context
}) => {
	test.setTimeout(90_000);
	const clinician = demo.db.select().from(user).where(eq(user.email, 'clinician@demo.test')).get()!;
	await demo.signInAs(context, 'clinician@demo.test');
	await facePatient(demo, context);
	await gotoHydrated(page, `${demo.baseURL}/clinic/gallery`);
	await page.getByRole('link', { name: 'New case', exact: true }).click();
	// the case list links published cases too: wait for the picker before choosing the patient
	await page.waitForURL(/\/clinic\/gallery\/new$/);
	await page.getByRole('link', { name: FACE_PATIENT }).click();
	await page.waitForURL(/\/clinic\/gallery\/new\?patient=/);
	await expect(page.getByLabel('View')).toHaveValue('front');
	// first and latest front photo are chosen by default
	const befores = page.getByRole('group', { name: 'Before photo' }).getByRole('radio');
	const afters = page.getByRole('group', { name: 'After photo' }).getByRole('radio');
	await expect(befores).toHaveCount(3);
	await expect(befores.first()).toBeChecked();
	await expect(afters.last()).toBeChecked();
	await page.getByRole('button', { name: 'Create draft' }).click();
	await page.waitForURL(/\/clinic\/gallery\/[a-z0-9]+$/);
	const caseId = page.url().split('/').at(-1)!;
	await page.locator('html[data-hydrated]').waitFor({ state: 'attached' });

	// the draft opens with a bar already over the detected eyes of both photos, as ordinary masks
	const placed = await redactionsField(page);
	for (const which of ['before', 'after'] as const) {
		expect(placed[which].masks, which).toEqual([
			{
				kind: 'bar',
				x: expect.any(Number),
				y: expect.any(Number),
				w: expect.any(Number),
				h: expect.any(Number)
			}
		]);
		await expect(
			page.getByRole('button', { name: `Eye bar 1 on the ${which} photo` })
		).toBeVisible();
	}
	// a bar over the eyes, not over the face
	expect(placed.before.masks[0].w).toBeLessThan(0.7);
	expect(placed.before.masks[0].h).toBeLessThan(0.2);
	await expect(page.getByText('No face found')).toHaveCount(0);
	await expect(page.getByText('eyes are uncovered')).toHaveCount(0);
	await shoot(page, 'draft-bars-1280');
	await page.setViewportSize({ width: 360, height: 780 });
	await page
		.getByRole('button', { name: 'Eye bar 1 on the before photo' })
		.scrollIntoViewIfNeeded();
	expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
	await shoot(page, 'draft-bars-360');
	await page.setViewportSize({ width: 1280, height: 720 });
	expect(
		demo.db.select().from(auditEvent).where(eq(auditEvent.targetId, caseId)).get()?.detail
	).toBe('eye bars suggested on both photos');

	// another eye bar with the keyboard: added, moved down 3 %, widened 5 %
	await page.getByRole('button', { name: 'Add eye bar to the before photo' }).click();
	const bar = page.getByRole('button', { name: 'Eye bar 2 on the before photo' });
	await expect(bar).toBeFocused();
	for (const key of ['ArrowDown', 'ArrowDown', 'ArrowDown']) {
		await page.keyboard.press(key);
	}
	for (let i = 0; i < 5; i++) {
		await page.keyboard.press('Shift+ArrowRight');
	}
	let value = await redactionsField(page);
	expect(value.before.masks).toEqual([
		placed.before.masks[0],
		// a second mask starts 5 % lower than the first would (redaction-edit.ts newMask)
		{ kind: 'bar', x: 0.25, y: expect.closeTo(0.41), w: expect.closeTo(0.55), h: 0.1 }
	]);
	// a third one, removed with Delete
	await page.getByRole('button', { name: 'Add eye bar to the before photo' }).click();
	await page.keyboard.press('Delete');
	await expect(page.getByRole('button', { name: 'Eye bar 3 on the before photo' })).toHaveCount(0);
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
	expect(value.after.masks[1].kind).toBe('blur');
	// from 0.45 (the second mask on the photo starts 5 % along) to 0.2
	expect(value.after.masks[1].x).toBeCloseTo(0.2, 1);

	// a 4:5 crop on both photos
	await page.getByRole('radio', { name: '4:5' }).check();
	await expect(page.getByRole('button', { name: 'Crop on the before photo' })).toBeVisible();
	await expect(page.getByRole('button', { name: 'Crop on the after photo' })).toBeVisible();

	const previewBefore = page.getByRole('img', { name: 'Before photo as it will be public' });
	const oldSrc = await previewBefore.getAttribute('src');
	await page.getByLabel('Title').fill('Acne scars on the cheeks, three sessions');
	await page.getByRole('button', { name: 'Save draft' }).click();
	await expect(page.getByRole('status').filter({ hasText: 'Saved' })).toBeVisible();
	const saved = demo.db.select().from(galleryCase).where(eq(galleryCase.id, caseId)).get()!;
	expect(saved.title).toBe('Acne scars on the cheeks, three sessions');
	const r = saved.redactions as { before: { crop: object; masks: object[] } };
	expect(r.before.crop).not.toBeNull();
	expect(r.before.masks).toHaveLength(2);

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
		page.getByRole('link', { name: 'Acne scars on the cheeks, three sessions' })
	).toBeVisible();
});

test('labels and redactions are checked on the server with a clear 400; a published case is read-only', async ({
	demo,
	context
}) => {
	await demo.signInAs(context, 'clinician@demo.test');
	const { course: co, fronts } = await facePatient(demo, context);
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
	const confirmed = { faceShown: 'yes' };
	const refused = await context.request.post(`${editor}?/publish`, { form: confirmed, headers });
	expect(refused.status()).toBe(400);
	expect(await refused.text()).toContain('different shapes');

	// no masks on a face: publishing needs the confirmation that the patient consented to show it
	expect((await save({})).status()).toBe(200);
	const uncovered = await context.request.post(`${editor}?/publish`, { form: {}, headers });
	expect(uncovered.status()).toBe(400);
	expect(await uncovered.text()).toContain(
		'The patient’s eyes are uncovered on both photos: the face can be recognised.'
	);
	expect(
		(await context.request.post(`${editor}?/publish`, { form: confirmed, headers })).status()
	).toBe(200);
	const caseId = editor.split('/').at(-1)!;
	const record = demo.db.select().from(galleryCase).where(eq(galleryCase.id, caseId)).get()!
		.provenance as { overrides: { kind: string; by: string }[] };
	expect(record.overrides.map((o) => [o.kind, o.by])).toEqual([['face-shown', 'clinician']]);
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

test('a face published with its eyes uncovered, from captures that differ, needs a confirmation and a reason', async ({
	demo,
	page,
	context
}) => {
	test.setTimeout(90_000);
	await demo.signInAs(context, 'clinician@demo.test');
	const { course: co, fronts } = await facePatient(demo, context);
	const created = await context.request.post(`${demo.baseURL}/clinic/gallery/new?/create`, {
		form: { courseId: co.id, before: fronts[0].id, after: fronts[2].id },
		headers: { origin: demo.baseURL, accept: 'text/html' },
		maxRedirects: 0
	});
	const caseId = created.headers()['location'].split('/').at(-1)!;
	// what the alignment job writes for a darker after photo (the uploads are not darker)
	const quality = (exposureEv: number, warnings: string[]) => ({
		sharpness: 1,
		sharpnessVsBaseline: 1,
		exposureEv,
		whiteBalance: { rg: 1, bg: 1 },
		warnings
	});
	for (const row of [
		{ photoId: fronts[0].id, status: 'baseline' as const, quality: quality(0, []) },
		{
			photoId: fronts[2].id,
			baselineId: fronts[0].id,
			status: 'aligned' as const,
			quality: quality(-0.84, ['darker'])
		}
	]) {
		demo.db
			.insert(photoAlignment)
			.values({ ...row, analysedAt: new Date() })
			.onConflictDoUpdate({ target: photoAlignment.photoId, set: row })
			.run();
	}
	await gotoHydrated(page, `${demo.baseURL}/clinic/gallery/${caseId}`);

	// the placed bars are ordinary masks: deleted with the keyboard, and the editor says what that means
	for (const which of ['before', 'after'] as const) {
		await page.getByRole('button', { name: `Eye bar 1 on the ${which} photo` }).focus();
		await page.keyboard.press('Delete');
	}
	const warning = page.getByText(
		'The patient’s eyes are uncovered on both photos: the face can be recognised.'
	);
	await expect(warning.first()).toBeVisible();
	// put back in one press, then taken off again to publish the face
	await page.getByRole('button', { name: 'Cover the detected eyes' }).click();
	expect((await redactionsField(page)).after.masks).toHaveLength(1);
	await expect(warning).toHaveCount(0);
	for (const which of ['before', 'after'] as const) {
		await page.getByRole('button', { name: `Eye bar 1 on the ${which} photo` }).focus();
		await page.keyboard.press('Delete');
	}
	await page.getByRole('button', { name: 'Save draft' }).click();
	await expect(page.getByRole('status').filter({ hasText: 'Saved' })).toBeVisible();

	await page.getByText('Publish…').click();
	await expect(
		page.getByRole('listitem').filter({
			hasText: 'The after photo is 0.8 stops darker than the before.'
		})
	).toBeVisible();
	const reason = page.getByLabel('Why publish them anyway?');
	const consented = page.getByRole('checkbox', {
		name: 'The patient consented to show their face'
	});
	await expect(consented).toBeVisible();
	await page.getByRole('button', { name: 'Publish now' }).click();
	await expect(
		page.getByRole('alert').filter({ hasText: 'say why in a few words (at least 4)' })
	).toBeVisible();
	await reason.fill('The clinic changed its lights between visits');
	await shoot(page, 'publish-face-1280');
	await page.getByRole('button', { name: 'Publish now' }).click();
	await expect(
		page
			.getByRole('alert')
			.filter({ hasText: 'confirm that the patient consented to show their face' })
	).toBeVisible();
	expect(demo.db.select().from(galleryCase).where(eq(galleryCase.id, caseId)).get()?.status).toBe(
		'draft'
	);
	await page.setViewportSize({ width: 360, height: 780 });
	await consented.scrollIntoViewIfNeeded();
	expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
	await shoot(page, 'publish-face-360');
	await consented.check();
	await page.getByRole('button', { name: 'Publish now' }).click();
	await expect(
		page.getByRole('status').filter({ hasText: 'Published. It is public at' })
	).toBeVisible({ timeout: 30_000 });
	const row = demo.db.select().from(galleryCase).where(eq(galleryCase.id, caseId)).get()!;
	const overrides = (row.provenance as { overrides: { kind: string; by: string }[] }).overrides;
	expect(overrides.map((o) => [o.kind, o.by])).toEqual([
		['capture-differs', 'clinician'],
		['face-shown', 'clinician']
	]);
	const audited = demo.db
		.select()
		.from(auditEvent)
		.where(eq(auditEvent.targetId, caseId))
		.all()
		.map((e) => [e.action, e.detail]);
	expect(audited).toContainEqual([
		'gallery_publish_override',
		'capture-differs: The clinic changed its lights between visits · face-shown: The patient consented to show their face.'
	]);
});
