import path from 'node:path';
import { and, eq } from 'drizzle-orm';
import { test, expect, gotoHydrated } from './app';
import { gotoBeforeHydration } from './hydration-helpers';
import { redactionsField } from './gallery-helpers';
import { frontPhotos, patientNamed, sessionsOf } from './demo-records';
import { galleryCase, photo } from '../../src/lib/server/db/schema';

// More choices made in the server-rendered page before its scripts arrive (see
// hydration-helpers.ts): the staff gallery editor, <details> opened early, the capture pickers
// and the plain upload form.

const JPEG = path.resolve('../shared/fixtures/photos/orientation/Landscape_1.jpg');

test('gallery editor: a photo, view, labels and crop picked before hydration stay and are saved', async ({
	demo,
	page,
	context
}) => {
	test.setTimeout(90_000);
	const jordan = patientNamed(demo, 'Jordan Avery');
	const fronts = frontPhotos(demo, jordan.id);
	await demo.signInAs(context, 'clinician@demo.test');

	// a view picked early is shown once the page is live (its Show button is gone by then)
	const newCase = `${demo.baseURL}/clinic/gallery/new?patient=${jordan.id}`;
	let hydrate = await gotoBeforeHydration(page, newCase);
	await page.getByLabel('View').selectOption('left45');
	await hydrate();
	await expect(page).toHaveURL(/[?&]view=left45(&|$)/);
	await expect(page.getByLabel('View')).toHaveValue('left45');

	// a before photo picked early stays picked and is the one the draft is made of
	hydrate = await gotoBeforeHydration(page, newCase);
	const befores = page.getByRole('group', { name: 'Before photo' }).getByRole('radio');
	await befores.nth(1).check();
	await hydrate();
	await expect(befores.nth(1)).toBeChecked();
	await expect(befores.first()).not.toBeChecked();
	await page.getByRole('button', { name: 'Create draft' }).click();
	await page.waitForURL(/\/clinic\/gallery\/[a-z0-9]+$/);
	const caseId = page.url().split('/').at(-1)!;
	const draft = () => demo.db.select().from(galleryCase).where(eq(galleryCase.id, caseId)).get()!;
	expect(draft().beforePhotoId).toBe(fronts[1].id);

	// labels and the crop shape picked early stay, the crop is drawn, and Save keeps them all
	hydrate = await gotoBeforeHydration(page, `${demo.baseURL}/clinic/gallery/${caseId}`);
	expect([draft().concern, draft().area, draft().fitzpatrick]).not.toEqual([
		'stretch_marks',
		'neck',
		6
	]);
	await page.getByLabel('Concern').selectOption('stretch_marks');
	await page.getByLabel('Area').selectOption('neck');
	await page.getByLabel('Skin type').selectOption('6');
	await page.getByRole('radio', { name: '1:1' }).check();
	await hydrate();
	await expect(page.getByLabel('Concern')).toHaveValue('stretch_marks');
	await expect(page.getByLabel('Area')).toHaveValue('neck');
	await expect(page.getByLabel('Skin type')).toHaveValue('6');
	await expect(page.getByRole('radio', { name: '1:1' })).toBeChecked();
	const value = await redactionsField(page);
	expect(value.before.crop).not.toBeNull();
	expect(value.after.crop).not.toBeNull();
	await page.getByRole('button', { name: 'Save draft' }).click();
	await expect(page.getByRole('status').filter({ hasText: 'Saved' })).toBeVisible();
	expect(draft()).toMatchObject({ concern: 'stretch_marks', area: 'neck', fitzpatrick: 6 });
	expect(draft().redactions).toMatchObject({ before: { crop: expect.any(Object) } });
});

test('a <details> opened before hydration stays open; one opened by the data still opens', async ({
	demo,
	page,
	context
}) => {
	const jordan = patientNamed(demo, 'Jordan Avery');
	await demo.signInAs(context, 'clinician@demo.test');
	const hydrate = await gotoBeforeHydration(page, `${demo.baseURL}/clinic/patients/${jordan.id}`);
	const edit = page.locator('details', {
		has: page.locator('summary', { hasText: 'Edit details' })
	});
	await edit.locator('summary').click();
	await hydrate();
	await expect(edit).toHaveAttribute('open', '');
	await expect(page.getByRole('button', { name: 'Save details' })).toBeVisible();

	await gotoHydrated(page, `${demo.baseURL}/clinic/patients?new`);
	await expect(page.locator('details.new')).toHaveAttribute('open', '');
});

test('capture: a session and a view both picked before hydration are both opened', async ({
	demo,
	page,
	context
}) => {
	const jordan = patientNamed(demo, 'Jordan Avery');
	const sessions = sessionsOf(demo, jordan.id);
	await demo.signInAs(context, 'clinician@demo.test');
	const hydrate = await gotoBeforeHydration(
		page,
		`${demo.baseURL}/clinic/patients/${jordan.id}/capture?session=${sessions.at(-1)!.id}&view=front`
	);
	await page.getByLabel('Session').selectOption(sessions[0].id);
	await page.getByRole('radio', { name: 'Left 45°' }).check();
	await hydrate();
	await expect(page).toHaveURL(new RegExp(`[?&]session=${sessions[0].id}(&|$)`));
	await expect(page).toHaveURL(/[?&]view=left45(&|$)/);
	await expect(page.getByLabel('Session')).toHaveValue(sessions[0].id);
	await expect(page.getByRole('radio', { name: 'Left 45°' })).toBeChecked();
});

test('the plain upload form filled in before hydration stays, with its files, and uploads', async ({
	demo,
	page,
	context
}) => {
	const mei = patientNamed(demo, 'Mei Tanaka');
	const [session] = sessionsOf(demo, mei.id);
	const left45s = () =>
		demo.db
			.select()
			.from(photo)
			.where(
				and(eq(photo.patientId, mei.id), eq(photo.sessionId, session.id), eq(photo.view, 'left45'))
			)
			.all().length;
	const before = left45s();
	await demo.signInAs(context, 'clinician@demo.test');
	const url = `${demo.baseURL}/clinic/patients/${mei.id}`;
	const hydrate = await gotoBeforeHydration(page, url);
	const upload = page.locator('details.upload');
	await upload.locator('summary').click();
	await upload.getByLabel('View').selectOption('left45');
	await upload.getByLabel('Session').selectOption(session.id);
	await upload.getByLabel('Photo files').setInputFiles(JPEG);
	await hydrate();
	await expect(upload).toHaveAttribute('open', '');
	await expect(upload.getByLabel('View')).toHaveValue('left45');
	await expect(upload.getByLabel('Session')).toHaveValue(session.id);
	expect(
		await upload.getByLabel('Photo files').evaluate((i: HTMLInputElement) => i.files?.length)
	).toBe(1);
	await upload.getByRole('button', { name: 'Upload' }).click();
	await expect(upload.getByText(/Landscape_1.jpg: uploaded, (processing|ready)/)).toBeVisible();
	expect(left45s()).toBe(before + 1);
	// the words follow the photo: ready without a reload, never "processing" for good
	await expect(upload.getByText('Landscape_1.jpg: uploaded, ready')).toBeVisible({
		timeout: 30_000
	});

	// untouched, the plain form gives way to the live uploader
	await gotoHydrated(page, url);
	await upload.locator('summary').click();
	await expect(upload.getByLabel('Add a Left 45° photo')).toBeAttached();
	await expect(upload.getByLabel('Photo files')).toHaveCount(0);
});
