import fs from 'node:fs';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { eq } from 'drizzle-orm';
import { test, expect, gotoHydrated, type App } from './app';
import { jordanOf } from './demo-records';
import { publicImages, publishedCase } from './gallery-helpers';
import { seriousViolations } from './axe';
import { writeTx } from '../../src/lib/server/db/client';
import {
	consent,
	galleryCase,
	photo,
	photoVariant,
	session,
	user
} from '../../src/lib/server/db/schema';

const OWNER = 'owner@demo.test';
const PATIENT = 'patient@demo.test';

const dialog = (page: Page) => page.getByRole('dialog', { name: 'Confirm it is you' });

/** The owner's proofs made 11 minutes old, so the erasure asks for one inline. */
function ageOwnerProofs(demo: App) {
	const owner = demo.db.select().from(user).where(eq(user.email, OWNER)).get()!;
	const old = new Date(Date.now() - 11 * 60 * 1000);
	writeTx(demo.db, (tx) =>
		tx
			.update(session)
			.set({ factorAt: old, passwordAt: old })
			.where(eq(session.userId, owner.id))
			.run()
	);
}

/** Every address that showed something of Jordan's: pages, files, the public case and its images. */
function jordanUrls(demo: App, caseId: string) {
	const jordan = jordanOf(demo);
	const photos = demo.db.select().from(photo).where(eq(photo.patientId, jordan.id)).all();
	const variants = photos.flatMap((p) =>
		demo.db
			.select()
			.from(photoVariant)
			.where(eq(photoVariant.photoId, p.id))
			.all()
			.map((v) => `/media/private/${p.id}/${v.width}.${v.format}`)
	);
	const consents = demo.db.select().from(consent).where(eq(consent.patientId, jordan.id)).all();
	const staff = [
		`/clinic/patients/${jordan.id}`,
		`/clinic/patients/${jordan.id}/erase`,
		`/clinic/patients/${jordan.id}/compare`,
		`/clinic/patients/${jordan.id}/compare/sessions`,
		`/clinic/patients/${jordan.id}/capture`,
		`/clinic/patients/${jordan.id}/photos.zip`,
		`/clinic/patients/${jordan.id}/export.zip`,
		...consents.map((c) => `/clinic/patients/${jordan.id}/consents/${c.id}`),
		...photos.map((p) => `/media/private/${p.id}/full.jpg`),
		...variants
	];
	const patientOwn = ['/media/private/my-photos.zip', '/media/private/my-record.zip'];
	const patientPages = consents.map((c) => `/me/consents/${c.id}`);
	// the case published here, and any the demo had published already
	const cases = demo.db
		.select()
		.from(galleryCase)
		.where(eq(galleryCase.patientId, jordan.id))
		.all()
		.map((c) => c.id);
	expect(cases).toContain(caseId);
	const anyone = cases.flatMap((id) => [
		`/c/demo/cases/${id}`,
		...publicImages(demo, id).map((i) => i.url.slice(demo.baseURL.length))
	]);
	return { jordan, photos, staff, patientOwn, patientPages, anyone, cases };
}

test('the owner erases a patient after a step-up; every address of theirs then answers 404', async ({
	demo,
	page,
	context,
	browser
}) => {
	test.setTimeout(120_000);
	const caseId = await publishedCase(demo, 'Jordan Avery');
	const urls = jordanUrls(demo, caseId);
	const { jordan } = urls;
	const files = fs
		.readdirSync(path.join(demo.dir, 'media'), { recursive: true })
		.map(String)
		.filter((f) => urls.photos.some((p) => f.includes(p.id)));
	expect(files.length).toBeGreaterThan(40);

	// the patient is signed in on their phone meanwhile
	const phone = await browser.newContext();
	await demo.signInAs(phone, PATIENT);
	expect((await phone.request.get(`${demo.baseURL}/me`, { maxRedirects: 0 })).status()).toBe(200);

	await demo.signInAs(context, OWNER);
	// every address answers before the erasure, so the 404s after it are the erasure's doing
	for (const u of [...urls.staff, ...urls.anyone]) {
		expect((await page.request.get(demo.baseURL + u, { maxRedirects: 0 })).status(), u).toBe(200);
	}
	for (const u of [...urls.patientOwn, ...urls.patientPages]) {
		expect((await phone.request.get(demo.baseURL + u, { maxRedirects: 0 })).status(), u).toBe(200);
	}

	ageOwnerProofs(demo);
	await gotoHydrated(page, `${demo.baseURL}/clinic/patients/${jordan.id}`);
	await page.getByRole('link', { name: 'Erase this patient…' }).click();
	await expect(page.getByRole('heading', { name: 'Erase Jordan Avery', level: 1 })).toBeVisible();
	const goes = page.getByRole('region', { name: 'What will go, for good' });
	await expect(goes).toContainText(`${urls.photos.length} photos`);
	await expect(goes).toContainText(`${urls.cases.length} gallery cases (`);
	await expect(goes).toContainText('the portal account');
	await expect(page.getByRole('region', { name: 'What stays' })).toContainText(
		'Backups made before today still hold this record until they are deleted.'
	);
	expect(await seriousViolations(page)).toEqual([]);

	// a wrong name is refused, and what was typed stays
	await page.getByLabel('Why is the record erased?').fill('The patient asked under Article 17');
	await page.getByLabel('Type “Jordan Avery” to confirm').fill('Jordan');
	const erase = page.getByRole('button', { name: 'Erase Jordan Avery permanently' });
	await erase.click();
	await expect(dialog(page)).toBeVisible();
	await dialog(page).getByLabel('Your password').fill('demo-password');
	await dialog(page).getByRole('button', { name: 'Confirm' }).click();
	const form = page.getByRole('form', { name: 'Erase permanently' });
	await expect(form.getByRole('alert')).toContainText('Type the patient’s name, Jordan Avery');
	await expect(page.getByLabel('Why is the record erased?')).toHaveValue(
		'The patient asked under Article 17'
	);
	expect(jordanOf(demo)).toBeDefined();

	// a reason naming the patient is refused: it would outlive them
	await page.getByLabel('Why is the record erased?').fill('Jordan asked');
	await page.getByLabel('Type “Jordan Avery” to confirm').fill('jordan avery');
	await erase.click();
	await expect(form.getByRole('alert')).toContainText('must not name the patient');

	await page.getByLabel('Why is the record erased?').fill('The patient asked under Article 17');
	await page.getByLabel('Type “Jordan Avery” to confirm').fill('jordan avery');
	await erase.click();
	await expect(page).toHaveURL(`${demo.baseURL}/clinic/patients?erased=1`);
	await expect(page.getByText('Patient erased.')).toBeVisible();
	await expect(page.getByRole('link', { name: 'Jordan Avery' })).toHaveCount(0);

	// every address collected beforehand: 404 for the owner, the patient and anyone
	for (const u of urls.staff) {
		expect((await page.request.get(demo.baseURL + u, { maxRedirects: 0 })).status(), u).toBe(404);
	}
	const anonymous = await browser.newContext();
	for (const u of urls.anyone) {
		expect((await anonymous.request.get(demo.baseURL + u)).status(), u).toBe(404);
	}
	// the patient's session is gone: their own pages send them to sign in, their files are 404
	const me = await phone.request.get(`${demo.baseURL}/me`, { maxRedirects: 0 });
	expect(me.status()).toBe(303);
	for (const u of urls.patientOwn) {
		expect((await phone.request.get(demo.baseURL + u, { maxRedirects: 0 })).status(), u).toBe(404);
	}
	for (const u of urls.patientPages) {
		const res = await phone.request.get(demo.baseURL + u, { maxRedirects: 0 });
		expect(res.status(), u).toBe(303);
		expect(res.headers().location, u).toMatch(/^\/login/);
	}
	// and they cannot sign in again
	const signIn = await anonymous.newPage();
	await signIn.goto(`${demo.baseURL}/login`);
	await signIn.getByLabel('Email').fill(PATIENT);
	await signIn.getByLabel('Password').fill('demo-password');
	await signIn.getByRole('button', { name: 'Sign in' }).click();
	await expect(signIn).toHaveURL(/\/login/);
	await expect(signIn.getByRole('alert')).not.toBeEmpty();

	// no search finds them, no file of theirs is left, the gallery does not list the case
	await gotoHydrated(page, `${demo.baseURL}/clinic/patients?q=Jordan`);
	await expect(page.getByRole('link', { name: /Jordan/ })).toHaveCount(0);
	const gallery = await (await anonymous.request.get(`${demo.baseURL}/c/demo/gallery`)).text();
	const sitemap = await (await anonymous.request.get(`${demo.baseURL}/sitemap.xml`)).text();
	for (const id of urls.cases) {
		expect(gallery).not.toContain(id);
		expect(sitemap).not.toContain(id);
	}
	const left = fs
		.readdirSync(path.join(demo.dir, 'media'), { recursive: true, withFileTypes: true })
		.filter(
			(d) => d.isFile() && urls.photos.some((p) => d.parentPath.includes(p.id) || d.name === p.id)
		);
	expect(left).toEqual([]);

	// the audit log shows the erasure in words, without the name
	await gotoHydrated(page, `${demo.baseURL}/clinic/audit?action=patient_erase`);
	await expect(page.getByRole('main')).toContainText(
		'Erased patient record: “The patient asked under Article 17”'
	);
	await expect(page.getByRole('main')).not.toContainText('Jordan');
	await anonymous.close();
	await phone.close();
});

test('only the owner sees the erase page; the retention period refuses a young record', async ({
	demo,
	page,
	context
}) => {
	const jordan = jordanOf(demo);
	const url = `${demo.baseURL}/clinic/patients/${jordan.id}/erase`;
	await demo.signInAs(context, 'clinician@demo.test');
	expect((await page.request.get(url, { maxRedirects: 0 })).status()).toBe(404);
	await gotoHydrated(page, `${demo.baseURL}/clinic/patients/${jordan.id}`);
	await expect(page.getByRole('link', { name: 'Erase this patient…' })).toHaveCount(0);
	await context.clearCookies();

	await demo.signInAs(context, OWNER);
	await gotoHydrated(page, `${demo.baseURL}/clinic/settings`);
	const years = page.getByLabel(/Keep records this many years/);
	await expect(years).toHaveValue('');
	await years.fill('10');
	await page.getByRole('button', { name: 'Save settings' }).click();
	await expect(page.getByText('Settings saved.')).toBeVisible();

	await gotoHydrated(page, url);
	await expect(page.getByText(/Your clinic keeps medical records for 10 years/)).toBeVisible();
	await expect(page.getByRole('button', { name: /permanently/ })).toHaveCount(0);
	expect(await seriousViolations(page)).toEqual([]);
});
