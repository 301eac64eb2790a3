import { and, eq, notInArray } from 'drizzle-orm';
import { test, expect } from './app';
import { jordanOf, patientNamed, sessionsOf } from './demo-records';
import { CHROMIUM } from '../../playwright.config';
import { consent, photo, user } from '../../src/lib/server/db/schema';
import type { Db } from '../../src/lib/server/db/client';

// Chromium's fake camera (a moving test pattern) answers getUserMedia without a prompt.
test.use({
	launchOptions: {
		...CHROMIUM,
		args: [...CHROMIUM.args, '--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream']
	},
	permissions: ['camera']
});

function photosOf(db: Db, patientId: string) {
	return db.select().from(photo).where(eq(photo.patientId, patientId)).all();
}

function photoOf(db: Db, sessionId: string, view: 'front' | 'left45') {
	return db
		.select()
		.from(photo)
		.where(and(eq(photo.sessionId, sessionId), eq(photo.view, view)))
		.get()!;
}

test('a clinician captures a left 45° photo lined up on the course baseline', async ({
	demo,
	page,
	context
}) => {
	const jordan = jordanOf(demo);
	const sessions = sessionsOf(demo, jordan.id);
	expect(sessions.length).toBeGreaterThan(1);
	const first = sessions[0];
	const last = sessions.at(-1)!;
	const baseline = photoOf(demo.db, first.id, 'left45');
	const before = photosOf(demo.db, jordan.id).map((r) => r.id);

	await demo.signInAs(context, 'clinician@demo.test');
	await page.goto(
		`${demo.baseURL}/clinic/patients/${jordan.id}/capture?session=${last.id}&view=left45`
	);
	await expect(page.getByRole('heading', { name: 'Capture · Jordan Avery' })).toBeVisible();
	await expect(page.getByLabel('Session')).toHaveValue(last.id);
	await expect(page.getByRole('radio', { name: 'Left 45°' })).toBeChecked();

	// The live camera runs, and the first session's left 45° photo lies over it.
	const capture = page.getByRole('button', { name: 'Capture' });
	await expect(capture).toBeEnabled();
	expect(
		await page.locator('video').evaluate((v: HTMLVideoElement) => v.videoWidth)
	).toBeGreaterThan(0);
	const ghost = page.getByRole('img', { name: /Ghost of the baseline Left 45° photo/ });
	await expect(ghost).toHaveAttribute(
		'src',
		new RegExp(`/media/private/${baseline.id}/\\d+\\.webp$`)
	);
	await expect(ghost).toHaveCSS('opacity', '0.4');
	expect(
		await ghost.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)
	).toBeGreaterThan(0);
	// Not mirrored: neither the preview nor the ghost is flipped.
	await expect(page.locator('video')).toHaveCSS('transform', 'none');

	// The opacity slider answers to the keyboard, and so does the show/hide toggle.
	const slider = page.getByLabel('Ghost opacity');
	await slider.focus();
	await page.keyboard.press('ArrowRight');
	await page.keyboard.press('ArrowRight');
	await expect(slider).toHaveValue('50');
	await expect(ghost).toHaveCSS('opacity', '0.5');
	await page.keyboard.press('Home');
	await expect(slider).toHaveValue('0');
	await page.keyboard.press('End');
	await expect(ghost).toHaveCSS('opacity', '1');
	await page.getByLabel('Show ghost').press('Space');
	await expect(ghost).toHaveCount(0);
	await page.getByLabel('Show ghost').press('Space');
	await expect(ghost).toBeVisible();

	// Capture with the keyboard: the frame goes straight into the last session.
	await capture.focus();
	await page.keyboard.press('Space');
	await expect(page.getByRole('status').getByText(/Saved — (processing|ready)/)).toBeVisible();
	const newPhoto = () =>
		demo.db
			.select()
			.from(photo)
			.where(and(eq(photo.patientId, jordan.id), notInArray(photo.id, before)))
			.all();
	await expect.poll(() => newPhoto().map((p) => p.status), { timeout: 20_000 }).toEqual(['ready']);
	const [taken] = newPhoto();
	expect(taken).toMatchObject({ sessionId: last.id, view: 'left45', originalType: 'image/jpeg' });
	expect(taken.width).toBeGreaterThan(200);
	await expect(page.getByRole('status').getByText('Saved — ready')).toBeVisible({
		timeout: 10_000
	});

	// Another view: the page asks again and the ghost becomes that view's baseline.
	await page.getByRole('radio', { name: 'Front' }).check();
	await expect(page).toHaveURL(/view=front/);
	const front = page.getByRole('img', { name: /Ghost of the baseline Front photo/ });
	await expect(front).toHaveAttribute('src', new RegExp(photoOf(demo.db, first.id, 'front').id));
	await expect(page.getByRole('status').getByText(/Saved/)).toHaveCount(0);
});

test('no photo consent, no camera; a refusal from the server or the camera is shown', async ({
	demo,
	page,
	context
}) => {
	const grace = patientNamed(demo, "Grace O'Neill");
	await demo.signInAs(context, 'clinician@demo.test');
	await page.goto(`${demo.baseURL}/clinic/patients/${grace.id}/capture`);
	await expect(page.getByRole('alert')).toContainText('no active consent to clinical photos');
	await expect(page.locator('video')).toHaveCount(0);
	await expect(page.getByRole('button', { name: 'Capture' })).toHaveCount(0);
	await expect(page.getByRole('img', { name: /Ghost/ })).toHaveCount(0);

	// Consent withdrawn while the camera is open: the capture is refused with the server's words.
	const mei = patientNamed(demo, 'Mei Tanaka');
	const meiPhotos = photosOf(demo.db, mei.id).length;
	await page.goto(`${demo.baseURL}/clinic/patients/${mei.id}/capture`);
	await expect(page.getByRole('button', { name: 'Capture' })).toBeEnabled();
	const clinician = demo.db.select().from(user).where(eq(user.email, 'clinician@demo.test')).get()!;
	demo.db
		.update(consent)
		.set({ revokedAt: new Date(), revokedReason: 'Changed their mind', revokedBy: clinician.id })
		.where(and(eq(consent.patientId, mei.id), eq(consent.scope, 'photos_private')))
		.run();
	await page.getByRole('button', { name: 'Capture' }).click();
	await expect(page.getByRole('alert')).toContainText(
		'Mei Tanaka has no active consent to clinical photos'
	);
	expect(photosOf(demo.db, mei.id)).toHaveLength(meiPhotos);

	// The person at the device says no to the camera.
	await context.addInitScript(() => {
		navigator.mediaDevices.getUserMedia = () =>
			Promise.reject(new DOMException('Permission denied', 'NotAllowedError'));
	});
	const lucas = patientNamed(demo, 'Lucas Ferreira');
	await page.goto(`${demo.baseURL}/clinic/patients/${lucas.id}/capture`);
	await expect(page.getByRole('alert')).toContainText('Camera access was refused');
	await expect(page.getByRole('button', { name: 'Capture' })).toBeDisabled();
});

test('capture is for clinical staff, and only with this patient’s own sessions', async ({
	demo,
	browser
}) => {
	const jordan = jordanOf(demo);
	const mei = patientNamed(demo, 'Mei Tanaka');
	const url = (query = '') => `${demo.baseURL}/clinic/patients/${jordan.id}/capture${query}`;

	for (const who of ['frontdesk@demo.test', 'patient@demo.test']) {
		const context = await browser.newContext();
		await demo.signInAs(context, who);
		const res = await context.request.get(url(), { maxRedirects: 0 });
		expect(res.status(), who).toBe(404);
		await context.close();
	}

	const context = await browser.newContext();
	await demo.signInAs(context, 'clinician@demo.test');
	expect((await context.request.get(url())).status()).toBe(200);
	expect(
		(await context.request.get(url(`?session=${sessionsOf(demo, jordan.id)[0].id}`))).status()
	).toBe(200);
	// Another patient's session answers 404 rather than being ignored: ignoring it would file
	// the capture as a follow-up while the clinician believes it went into that session.
	const foreign = sessionsOf(demo, mei.id)[0].id;
	const res = await context.request.get(url(`?session=${foreign}&view=left45`));
	expect(res.status()).toBe(404);
	expect((await context.request.get(url('?view=top'))).status()).toBe(400);
	await context.close();
});

// A clinician taps a view and then the shutter at once. The page learns the new view from a
// navigation; on a slow line the old one was still in force and the photo was filed under it
// (found in Chromium: a Left 90° capture filed as Right 45°). The shutter waits for the switch.
test('a capture right after picking a view is filed under that view, on a slow line too', async ({
	demo,
	page,
	context
}) => {
	const jordan = jordanOf(demo);
	const last = sessionsOf(demo, jordan.id).at(-1)!;
	await demo.signInAs(context, 'clinician@demo.test');
	await page.goto(`${demo.baseURL}/clinic/patients/${jordan.id}/capture?session=${last.id}`);
	await expect(page.getByRole('button', { name: 'Capture' })).toBeEnabled();
	const before = photosOf(demo.db, jordan.id).map((r) => r.id);
	// every page-data request takes 1.5 s, as on a clinic's poor Wi-Fi
	await page.route('**/__data.json*', async (route) => {
		await new Promise((r) => setTimeout(r, 1500));
		await route.continue();
	});
	// both taps in one go, before the page can change anything in between
	await page.evaluate(() => {
		document.querySelector<HTMLInputElement>('input[name=capture-view][value=left90]')!.click();
		document.querySelector<HTMLButtonElement>('button.shutter')!.click();
	});
	await expect(page.getByRole('button', { name: 'Switching…' })).toBeDisabled();
	// the tap that came too early took nothing; the next one, once switched, is filed as Left 90°
	await page.getByRole('button', { name: 'Capture' }).click();
	await expect(page.getByRole('status').getByText(/Saved/)).toBeVisible({ timeout: 30_000 });
	const added = demo.db
		.select()
		.from(photo)
		.where(and(eq(photo.patientId, jordan.id), notInArray(photo.id, before)))
		.all();
	expect(added.map((p) => ({ view: p.view, sessionId: p.sessionId }))).toEqual([
		{ view: 'left90', sessionId: last.id }
	]);
});
