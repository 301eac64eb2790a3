import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import AxeBuilder from '@axe-core/playwright';
import { and, asc, eq } from 'drizzle-orm';
import type { Page } from '@playwright/test';
import { test, expect, gotoHydrated, type App } from './app';
import {
	auditEvent,
	course,
	galleryCase,
	galleryImage,
	patient,
	photo,
	user
} from '../../src/lib/server/db/schema';
import { LocalDiskStore } from '../../src/lib/server/storage/local-disk';
import { createClinic } from '../../src/lib/server/clinic';
import { createDraft, NO_GALLERY_CONSENT } from '../../src/lib/server/gallery/drafts';
import { publishCase } from '../../src/lib/server/gallery/publish';
import { publicImageUrl } from '../../src/lib/server/gallery/public';
import type { StaffActor } from '../../src/lib/server/auth/guard';

const byName = (demo: App, name: string) =>
	demo.db.select().from(patient).where(eq(patient.displayName, name)).get()!;

function publicImages(demo: App, caseId: string) {
	return demo.db
		.select()
		.from(galleryImage)
		.where(eq(galleryImage.caseId, caseId))
		.all()
		.map((i) => ({
			url: demo.baseURL + publicImageUrl(i.token, i.width, i.format),
			file: path.join(demo.dir, 'media', i.key),
			format: i.format
		}));
}

/** A front-view case of the patient's first course, made and published by the server itself. */
async function publishedCase(demo: App, patientName: string) {
	const p = byName(demo, patientName);
	const clinician = demo.db.select().from(user).where(eq(user.email, 'clinician@demo.test')).get()!;
	const actor = { user: clinician, clinicId: clinician.clinicId } as StaffActor;
	const co = demo.db.select().from(course).where(eq(course.patientId, p.id)).get()!;
	const fronts = demo.db
		.select()
		.from(photo)
		.where(and(eq(photo.patientId, p.id), eq(photo.view, 'front')))
		.orderBy(asc(photo.takenOn))
		.all();
	const draft = await createDraft(
		demo.db,
		actor,
		{ courseId: co.id, beforePhotoId: fronts[0].id, afterPhotoId: fronts.at(-1)!.id },
		null
	);
	await publishCase(
		demo.db,
		new LocalDiskStore(path.join(demo.dir, 'media')),
		actor,
		draft.id,
		null
	);
	return draft.id;
}

async function seriousViolations(page: Page) {
	const result = await new AxeBuilder({ page }).analyze();
	return result.violations
		.filter((v) => v.impact === 'serious' || v.impact === 'critical')
		.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

const redactionsField = (page: Page) =>
	page
		.locator('input[name="redactions"]')
		.inputValue()
		.then((v) => JSON.parse(v));

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
	await page.getByRole('link', { name: 'Jordan Avery' }).click();
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
	const jordan = byName(demo, 'Jordan Avery');
	const co = demo.db.select().from(course).where(eq(course.patientId, jordan.id)).get()!;
	const fronts = demo.db
		.select()
		.from(photo)
		.where(and(eq(photo.patientId, jordan.id), eq(photo.view, 'front')))
		.orderBy(asc(photo.takenOn))
		.all();
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
	await gotoHydrated(page, `${demo.baseURL}/clinic/patients/${byName(demo, 'Jordan Avery').id}`);
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
	const mei = byName(demo, 'Mei Tanaka');
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
	const aisha = byName(demo, 'Aisha Bello');
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

	const co = demo.db.select().from(course).where(eq(course.patientId, aisha.id)).get()!;
	const fronts = demo.db
		.select()
		.from(photo)
		.where(and(eq(photo.patientId, aisha.id), eq(photo.view, 'front')))
		.orderBy(asc(photo.takenOn))
		.all();
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
	const jordan = byName(demo, 'Jordan Avery');
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
