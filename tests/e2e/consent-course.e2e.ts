import path from 'node:path';
import { eq } from 'drizzle-orm';
import { test, expect } from './app';
import { openPatient, signedInPage } from './clinic-steps';
import { activeConsent, coursesOf } from './demo-records';
import { consent, treatmentSession } from '../../src/lib/server/db/schema';

const JPEG = path.resolve('../shared/fixtures/photos/orientation/Landscape_1.jpg');

test('consent with a drawn signature, then its withdrawal stops photo uploads', async ({
	demo,
	page,
	context
}) => {
	const p = await openPatient(demo, context, page, 'clinician@demo.test', 'Lucas Ferreira');

	// Record a gallery consent, signed on the pad.
	await page.locator('summary', { hasText: 'Record consent' }).click();
	// the public gallery is opt-in: offered, never ticked for the signer
	const galleryBox = page.getByRole('checkbox', { name: /Public gallery/ });
	await expect(galleryBox).not.toBeChecked();
	await galleryBox.check();
	await expect(page.getByText(/publish a before and after comparison/)).toBeVisible();
	const pad = page.locator('canvas');
	await pad.scrollIntoViewIfNeeded();
	const box = (await pad.boundingBox())!;
	await page.mouse.move(box.x + 20, box.y + box.height / 2);
	await page.mouse.down();
	for (let i = 1; i <= 10; i++) {
		await page.mouse.move(box.x + 20 + i * 25, box.y + box.height / 2 + (i % 2 ? 15 : -15));
	}
	await page.mouse.up();
	await expect(page.getByText('Signed.')).toBeVisible();
	await page.getByRole('button', { name: 'Record consent' }).click();
	await expect(
		page.getByRole('listitem').filter({ hasText: 'Public gallery (de-identified)' })
	).toBeVisible();
	const gallery = activeConsent(demo, p.id, 'gallery_public');
	expect(gallery.signature).toMatch(/^data:image\/png;base64,/);
	expect(gallery.textVersion).toBe('gallery-public-2026-01');

	// Withdraw the photo consent: one action with a reason.
	const photos = activeConsent(demo, p.id, 'photos_private');
	const item = page.getByRole('listitem').filter({ hasText: 'Clinical photos (private record)' });
	await item.getByText('Withdraw…').click();
	await item.getByLabel('Reason given').fill('Does not want more photos');
	await item.getByRole('button', { name: 'Withdraw consent now' }).click();
	await expect(item.getByText('revoked')).toBeVisible();
	expect(demo.db.select().from(consent).where(eq(consent.id, photos.id)).get()?.revokedReason).toBe(
		'Does not want more photos'
	);

	// the controls say why they are off and lead to recording consent (a stale page's upload is
	// still refused by the server: capture.e2e.ts)
	await expect(
		page.getByText(`${p.displayName} has no active consent to clinical photos`)
	).toBeVisible();
	await expect(page.locator('summary', { hasText: 'Upload photos' })).toHaveCount(0);
	await expect(page.getByRole('link', { name: 'Take photos with the camera' })).toHaveCount(0);
	await page.getByRole('link', { name: 'Record the consent' }).click();
	await expect(page).toHaveURL(/\?consent=photos_private#consent-heading$/);
	// the form is open with clinical photos ticked for the signer to see, and nothing else
	await expect(page.getByRole('checkbox', { name: /Clinical photos/ })).toBeChecked();
	await expect(page.getByRole('checkbox', { name: /Public gallery/ })).toHaveCount(0);
});

test('a clinician starts a course, logs a session with photos; front desk sees none of it', async ({
	demo,
	page,
	context,
	browser
}) => {
	const p = await openPatient(demo, context, page, 'clinician@demo.test', 'Mei Tanaka');
	await page.locator('summary', { hasText: 'New course' }).click();
	await page.getByLabel('Concern').selectOption('pigmentation');
	await page.getByRole('checkbox', { name: 'Forehead' }).check();
	await page.getByLabel('Planned sessions').fill('4');
	await page.getByRole('button', { name: 'Start course' }).click();
	await expect(page.getByRole('heading', { name: 'Pigmentation' })).toBeVisible();
	const created = coursesOf(demo, p.id).find((c) => c.concern === 'pigmentation')!;
	expect(created).toMatchObject({ areas: ['forehead'], plannedSessions: 4, intervalWeeks: 4 });

	await page.locator('summary', { hasText: 'Log session 1' }).click();
	await page.getByRole('spinbutton', { name: 'Forehead' }).fill('3');
	await page.getByRole('button', { name: 'Log session' }).click();
	// the browser's own range check stops 3 mm; the server's refuses it too
	expect(
		demo.db.select().from(treatmentSession).where(eq(treatmentSession.courseId, created.id)).all()
	).toHaveLength(0);
	await page.getByRole('spinbutton', { name: 'Forehead' }).fill('0.5');
	// pigmentation is graded on mMASI: area and darkness of each region, scored by the server
	const mmasi = page.getByRole('group', { name: /mMASI/ });
	for (const region of ['Forehead', 'Right cheek (malar)', 'Left cheek (malar)', 'Chin']) {
		await mmasi.getByRole('combobox', { name: `${region} Area` }).selectOption('2');
		await mmasi.getByRole('combobox', { name: `${region} Darkness` }).selectOption('1');
	}
	await expect(mmasi.getByText('mMASI 2.0')).toBeVisible();
	await page.getByRole('button', { name: 'Log session' }).click();
	await expect(page.getByText('1 of 4', { exact: true })).toBeVisible();
	const s = demo.db
		.select()
		.from(treatmentSession)
		.where(eq(treatmentSession.courseId, created.id))
		.get()!;
	expect(s).toMatchObject({
		needleDepthMm: { forehead: 0.5 },
		grade: 2,
		gradeScale: 'mmasi',
		passes: 3,
		numbing: true,
		// what the demo clinic's history says it uses
		device: 'SkinPen Precision'
	});

	// Photos for that session, each with its own progress, then shown processed.
	await page.locator('summary', { hasText: 'Upload photos' }).click();
	await page.getByLabel('Session', { exact: true }).selectOption(s.id);
	await page.getByLabel('Add a Front photo').setInputFiles(JPEG);
	await page.getByLabel('Add a Right 45° photo').setInputFiles(JPEG);
	const uploads = page.getByRole('list', { name: 'Uploads' }).getByRole('listitem');
	await expect(uploads).toHaveCount(2);
	await expect(uploads.getByText('Ready')).toHaveCount(2, { timeout: 30_000 });
	// dated by their session, logged just now: read from its row, so a run that crosses
	// midnight (this one did in CI at 00:00 UTC) still names the same day
	const today = new Intl.DateTimeFormat('en-GB', {
		day: 'numeric',
		month: 'short',
		year: 'numeric',
		timeZone: 'UTC'
	}).format(new Date(`${s.performedOn}T12:00:00Z`));
	await expect(page.getByRole('img', { name: `Front view, ${today}` })).toBeVisible();
	await expect(page.getByRole('img', { name: `Right 45° view, ${today}` })).toBeVisible();
	const sessionPhotos = demo.db.$client
		.prepare('select view, status from photo where session_id = ? order by view')
		.all(s.id);
	expect(sessionPhotos).toEqual([
		{ view: 'front', status: 'ready' },
		{ view: 'right45', status: 'ready' }
	]);

	// the home page tells the team what happened, about whom, a sitting of uploads as one line
	await page.goto(`${demo.baseURL}/clinic`);
	const activity = page.getByRole('region', { name: 'Recent activity' }).getByRole('listitem');
	await expect(activity.nth(0)).toContainText('Dr Priya Nair uploaded 2 photos · Mei Tanaka');
	await expect(activity.nth(1)).toContainText('Dr Priya Nair logged a session · Mei Tanaka');
	await expect(activity.nth(2)).toContainText(
		'Dr Priya Nair started a treatment course · Mei Tanaka'
	);
	await activity.nth(0).getByRole('link', { name: 'Mei Tanaka' }).click();
	await expect(page).toHaveURL(`${demo.baseURL}/clinic/patients/${p.id}`);

	const { context: desk, page: deskPage } = await signedInPage(
		browser,
		demo,
		'frontdesk@demo.test'
	);
	// the front desk hears of the course, not of the photos
	await deskPage.goto(`${demo.baseURL}/clinic`);
	const deskActivity = deskPage.getByRole('region', { name: 'Recent activity' });
	await expect(deskActivity.getByRole('listitem').first()).toContainText(
		'Dr Priya Nair logged a session · Mei Tanaka'
	);
	await expect(deskActivity.getByText(/uploaded|gallery/)).toHaveCount(0);
	await deskPage.goto(`${demo.baseURL}/clinic/patients/${p.id}`);
	await expect(deskPage.getByRole('heading', { name: 'Consents' })).toBeVisible();
	await expect(deskPage.locator('summary', { hasText: 'Record consent' })).toBeVisible();
	for (const hidden of ['New course', 'Upload photos', 'Treatment courses', 'Photos']) {
		await expect(deskPage.getByRole('heading', { name: hidden, exact: true })).toHaveCount(0);
		await expect(deskPage.getByText(hidden, { exact: true })).toHaveCount(0);
	}
	const refused = await desk.request.post(`${demo.baseURL}/clinic/patients/${p.id}?/createCourse`, {
		form: {
			concern: 'texture',
			areas: 'nose',
			plannedSessions: '3',
			intervalWeeks: '4',
			startedOn: '2026-12-01'
		},
		headers: { origin: demo.baseURL, accept: 'text/html' }
	});
	expect(refused.status()).toBe(404);
	await desk.close();
});
