import type { Page } from '@playwright/test';
import { test, expect } from './app';

const PASSWORD = 'correct horse battery';

/** Fills in the first-run form, in the order its labels read, and sends it. */
async function submitSetup(
	page: Page,
	clinic: string,
	name: string,
	email: string,
	password: string,
	again = password
) {
	await page.getByLabel('Clinic name').fill(clinic);
	await page.getByLabel('Your name').fill(name);
	await page.getByLabel('Your email').fill(email);
	await page.getByLabel('Password', { exact: true }).fill(password);
	await page.getByLabel('Password again').fill(again);
	await page.getByRole('button', { name: 'Create clinic' }).click();
}

test('first run: set up the clinic, sign out, sign back in', async ({ app, page }) => {
	await page.goto(app.baseURL + '/');
	await expect(page).toHaveURL(/\/setup$/);
	await expect(page.getByRole('heading', { name: 'Set up your clinic' })).toBeVisible();

	await submitSetup(page, 'Harbour Skin Studio', 'Nadia Cole', 'Nadia@Harbour.test', PASSWORD);

	await expect(page).toHaveURL(/\/clinic$/);
	await expect(page.getByRole('heading', { name: /Good to see you, Nadia/ })).toBeVisible();
	await expect(page.getByText('Harbour Skin Studio')).toBeVisible();

	// Setup is gone once a clinic exists.
	expect((await page.request.get(app.baseURL + '/setup')).status()).toBe(404);

	await page.getByText('Nadia Cole').click();
	await page.getByRole('button', { name: 'Sign out' }).click();
	await expect(page).toHaveURL(/\/login$/);
	const cookies = await page.context().cookies();
	expect(cookies.find((c) => c.name === 'resurface_session')).toBeUndefined();
	// Signing out deletes the session row, not only the cookie.
	const sessions = app.db.$client.prepare('select count(*) n from session').get() as { n: number };
	expect(sessions.n).toBe(0);

	// One clinic in the install: `/` is that clinic's public page, with a way to staff sign-in.
	await page.goto(app.baseURL + '/');
	await expect(page).toHaveURL(/\/c\/harbour-skin-studio$/);
	await page.getByRole('link', { name: 'Staff / patient sign-in' }).click();
	await expect(page).toHaveURL(/\/login\?clinic=harbour-skin-studio$/);

	// Signed out: the workspace sends you to sign in, and brings you back afterwards.
	await page.goto(app.baseURL + '/clinic/patients');
	await expect(page).toHaveURL(/\/login\?next=%2Fclinic%2Fpatients$/);
	await page.getByLabel('Email').fill('nadia@harbour.test');
	await page.getByLabel('Password').fill('wrong password!!');
	await page.getByRole('button', { name: 'Sign in' }).click();
	await expect(page.getByRole('alert')).toContainText('do not match');

	await page.getByLabel('Password').fill(PASSWORD);
	await page.getByRole('button', { name: 'Sign in' }).click();
	await expect(page).toHaveURL(/\/clinic\/patients$/);
	await expect(page.getByRole('heading', { name: 'Patients' })).toBeVisible();
});

test('setup refuses bad input with a clear message and creates nothing', async ({ app, page }) => {
	await page.goto(app.baseURL + '/setup');
	const other = 'different horse battery';
	await submitSetup(page, 'Harbour', 'Nadia', 'nadia@harbour.test', PASSWORD, other);
	await expect(page.getByRole('alert')).toContainText('do not match');
	const clinics = app.db.$client.prepare('select count(*) n from clinic').get() as { n: number };
	expect(clinics.n).toBe(0);
});

test('the session cookie is HttpOnly, Secure, SameSite=Lax, Path=/', async ({ demo, page }) => {
	const res = await page.request.post(demo.baseURL + '/login', {
		form: { email: 'owner@demo.test', password: 'demo-password' },
		headers: { origin: demo.baseURL, accept: 'text/html' },
		maxRedirects: 0
	});
	expect(res.status()).toBe(303);
	const setCookie = res.headers()['set-cookie'];
	expect(setCookie).toMatch(/^resurface_session=[a-z2-7]{32}\.[a-z2-7]{32};/);
	for (const attr of ['HttpOnly', 'Secure', 'SameSite=Lax', 'Path=/']) {
		expect(setCookie).toContain(attr);
	}
});
