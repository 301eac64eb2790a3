import path from 'node:path';
import { and, eq } from 'drizzle-orm';
import { test, expect, gotoHydrated, type App } from './app';
import { galleryCase, user } from '../../src/lib/server/db/schema';
import { LocalDiskStore } from '../../src/lib/server/storage/local-disk';
import { deletePhoto } from '../../src/lib/server/photos/delete';
import { withdrawCase } from '../../src/lib/server/gallery/publish';
import { REDRAFT_PHOTO_GONE } from '../../src/lib/server/gallery/redraft';
import { DEMO_REDACTIONS } from '../../src/cli/demo/gallery';
import type { StaffActor } from '../../src/lib/server/auth/guard';
import { publicImages, redactionsField } from './gallery-helpers';
import { seriousViolations } from './axe';
import { auditTrail, patientNamed } from './demo-records';
import { addOtherClinic, givePatientAccount } from './people';
import { fingerprint } from './access/world';

/** The demo's published case of the named patient. */
const demoCase = (demo: App, name: string) =>
	demo.db
		.select()
		.from(galleryCase)
		.where(
			and(
				eq(galleryCase.patientId, patientNamed(demo, name).id),
				eq(galleryCase.status, 'published')
			)
		)
		.get()!;

function clinician(demo: App): StaffActor {
	const u = demo.db.select().from(user).where(eq(user.email, 'clinician@demo.test')).get()!;
	return { user: u, clinicId: u.clinicId } as StaffActor;
}
const store = (demo: App) => new LocalDiskStore(path.join(demo.dir, 'media'));

test('a withdrawn case becomes a new draft with its redactions, and publishes under new URLs', async ({
	demo,
	page,
	context
}) => {
	test.setTimeout(90_000);
	const source = demoCase(demo, 'Jordan Avery');
	const oldImages = publicImages(demo, source.id);
	expect(oldImages.length).toBeGreaterThan(4);
	await demo.signInAs(context, 'clinician@demo.test');
	await gotoHydrated(page, `${demo.baseURL}/clinic/gallery/${source.id}`);
	await expect(
		page.getByText('To change it, withdraw it; then start a new draft from it')
	).toBeVisible();
	await expect(page.getByRole('button', { name: 'Start a new draft from this case' })).toHaveCount(
		0
	);
	await page.getByText('Withdraw from the gallery…').click();
	await page.getByRole('button', { name: 'Withdraw now' }).click();
	await expect(page.getByRole('status').filter({ hasText: /Withdrawn/ })).toBeVisible();
	for (const img of oldImages) {
		expect((await page.request.get(img.url)).status(), img.url).toBe(404);
	}

	// the button is a form's submit button: reached and pressed with the keyboard
	const start = page.getByRole('button', { name: 'Start a new draft from this case' });
	await start.focus();
	await page.keyboard.press('Enter');
	await page.waitForURL(/\/clinic\/gallery\/[a-z0-9]+\?from=/);
	const copyId = new URL(page.url()).pathname.split('/').at(-1)!;
	expect(copyId).not.toBe(source.id);
	await page.locator('html[data-hydrated]').waitFor({ state: 'attached' });
	await expect(
		page.getByRole('status').filter({ hasText: 'A new draft from the withdrawn case' })
	).toBeVisible();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText(source.title);
	await expect(page.getByLabel('Description')).toHaveValue(source.description!);

	// the editor starts from the same crop (Jordan's demo case is a close-up of the cheek, with
	// no bar; redraft.spec.ts carries bars and blurs over)
	expect(await redactionsField(page)).toEqual(DEMO_REDACTIONS.face);
	await expect(page.getByRole('button', { name: 'Crop on the before photo' })).toBeVisible();
	await expect(page.getByRole('button', { name: 'Crop on the after photo' })).toBeVisible();
	const previewSrc = await page
		.getByRole('img', { name: 'Before photo as it will be public' })
		.getAttribute('src');
	const preview = await page.request.get(demo.baseURL + previewSrc);
	expect(preview.status()).toBe(200);
	expect(preview.headers()['content-type']).toBe('image/webp');

	await page.getByText('Publish…').click();
	await page.getByRole('button', { name: 'Publish now' }).click();
	await expect(
		page.getByRole('status').filter({ hasText: 'Published. It is public at' })
	).toBeVisible({ timeout: 30_000 });

	// publish answered with WebP and the card; once the server's worker added the AVIF files,
	// the copy has as many as the original had
	await expect
		.poll(() => publicImages(demo, copyId).length, { timeout: 90_000 })
		.toBe(oldImages.length);
	const newImages = publicImages(demo, copyId);
	const oldUrls = new Set(oldImages.map((i) => i.url));
	expect(newImages.filter((i) => oldUrls.has(i.url))).toEqual([]);
	const landing = await page.request.get(`${demo.baseURL}/c/demo`);
	const html = await landing.text();
	expect(html).toContain(`/c/demo/cases/${copyId}`);
	expect(html).not.toContain(`/c/demo/cases/${source.id}`);
	expect(newImages.some((i) => html.includes(i.url.slice(demo.baseURL.length)))).toBe(true);
	for (const img of newImages) {
		expect((await page.request.get(img.url)).status(), img.url).toBe(200);
	}
	for (const img of oldImages) {
		expect((await page.request.get(img.url)).status(), img.url).toBe(404);
	}
	expect((await page.request.get(`${demo.baseURL}/c/demo/cases/${source.id}`)).status()).toBe(404);
	expect(
		demo.db.select().from(galleryCase).where(eq(galleryCase.id, source.id)).get()?.status
	).toBe('withdrawn');
	const copied = auditTrail(demo, 'gallery_draft_copy', copyId);
	expect(copied.map((e) => e.detail)).toEqual([`copied from withdrawn case ${source.id}`]);
});

test('without JavaScript the list starts a new draft; others are refused with 404 and nothing changes', async ({
	demo,
	browser
}) => {
	const source = demoCase(demo, 'Mei Tanaka');
	await withdrawCase(demo.db, store(demo), clinician(demo), source.id);
	const action = `${demo.baseURL}/clinic/gallery/${source.id}?/redraft`;
	const headers = { origin: demo.baseURL, accept: 'text/html' };

	const mei = patientNamed(demo, 'Mei Tanaka');
	await givePatientAccount(demo, mei, 'mei@demo.test');
	const elsewhere = await addOtherClinic(demo);
	for (const email of ['frontdesk@demo.test', 'patient@demo.test', 'mei@demo.test', elsewhere]) {
		const context = await browser.newContext();
		await demo.signInAs(context, email);
		const before = fingerprint(demo);
		const res = await context.request.post(action, { form: {}, headers, maxRedirects: 0 });
		expect(res.status(), email).toBe(404);
		expect(fingerprint(demo), email).toBe(before);
		await context.close();
	}

	const context = await browser.newContext({ javaScriptEnabled: false });
	await demo.signInAs(context, 'clinician@demo.test');
	const page = await context.newPage();
	await page.goto(`${demo.baseURL}/clinic/gallery?status=withdrawn`);
	const item = page.getByRole('listitem').filter({ hasText: source.title });
	await expect(item).toContainText(/published \d+ \w+ \d{4}\s+·\s+withdrawn\s+\d+ \w+ \d{4}/);
	await item.getByRole('button', { name: `Start a new draft from “${source.title}”` }).click();
	await page.waitForURL(/\/clinic\/gallery\/[a-z0-9]+\?from=/);
	await expect(page.getByText('A new draft from the withdrawn case')).toBeVisible();
	const drafts = demo.db
		.select()
		.from(galleryCase)
		.where(and(eq(galleryCase.patientId, mei.id), eq(galleryCase.status, 'draft')))
		.all();
	expect(drafts).toHaveLength(1);
	expect(drafts[0].redactions).toEqual(source.redactions);
	await page.goto(`${demo.baseURL}/clinic/gallery`);
	const draftItem = page
		.getByRole('region', { name: 'Drafts' })
		.getByRole('listitem')
		.filter({ hasText: source.title });
	await expect(draftItem).toHaveCount(1);
	await context.close();
});

test('a withdrawn case whose photo was deleted says why it cannot be used again', async ({
	demo,
	page,
	context
}) => {
	const source = demoCase(demo, 'Jordan Avery');
	await withdrawCase(demo.db, store(demo), clinician(demo), source.id);
	await demo.signInAs(context, 'clinician@demo.test');
	await gotoHydrated(page, `${demo.baseURL}/clinic/gallery/${source.id}`);
	await expect(
		page.getByRole('button', { name: 'Start a new draft from this case' })
	).toBeVisible();
	expect(await seriousViolations(page)).toEqual([]);

	await deletePhoto(demo.db, store(demo), clinician(demo), source.afterPhotoId);
	await gotoHydrated(page, `${demo.baseURL}/clinic/gallery/${source.id}`);
	await expect(page.getByText(REDRAFT_PHOTO_GONE)).toBeVisible();
	await expect(page.getByRole('button', { name: 'Start a new draft from this case' })).toHaveCount(
		0
	);
	const res = await context.request.post(`${demo.baseURL}/clinic/gallery/${source.id}?/redraft`, {
		form: {},
		headers: { origin: demo.baseURL, accept: 'text/html' },
		maxRedirects: 0
	});
	expect(res.status()).toBe(409);
	expect(await res.text()).toContain('has been deleted');
	expect(
		demo.db.select().from(galleryCase).where(eq(galleryCase.patientId, source.patientId)).all()
	).toHaveLength(1);
});
