import { eq, ne } from 'drizzle-orm';
import { test, expect } from './app';
import { patient } from '../../src/lib/server/db/schema';
import { createClinic } from '../../src/lib/server/clinic/clinic';

test('a patient cannot open any other patient’s pages, nor the staff workspace', async ({
	demo,
	page,
	context
}) => {
	const own = demo.db.select().from(patient).where(eq(patient.email, 'patient@demo.test')).get()!;
	const others = demo.db.select().from(patient).where(ne(patient.id, own.id)).all();
	expect(others.length).toBeGreaterThan(5);
	await demo.signInAs(context, 'patient@demo.test');

	for (const other of others) {
		const res = await page.request.get(`${demo.baseURL}/clinic/patients/${other.id}`);
		expect(res.status(), other.displayName).toBe(404);
		expect(await res.text()).not.toContain(other.displayName);
	}
	for (const path of [
		'/clinic',
		'/clinic/patients',
		'/clinic/staff',
		`/clinic/patients/${own.id}`
	]) {
		expect((await page.request.get(demo.baseURL + path)).status(), path).toBe(404);
	}
	await page.goto(demo.baseURL + '/me');
	await expect(page.getByRole('heading', { name: /Hello, Jordan/ })).toBeVisible();
});

test('staff of a second clinic get 404 for the demo clinic’s patients', async ({
	demo,
	page,
	context
}) => {
	await createClinic(demo.db, {
		clinicName: 'Other Clinic',
		slug: 'other',
		ownerName: 'Olu Other',
		email: 'owner@other.test',
		password: 'other-password'
	});
	await demo.signInAs(context, 'owner@other.test');
	const demoPatients = demo.db.select().from(patient).all();
	for (const p of demoPatients) {
		const res = await page.request.get(`${demo.baseURL}/clinic/patients/${p.id}`);
		expect(res.status(), p.displayName).toBe(404);
	}
	await page.goto(demo.baseURL + '/clinic/patients');
	await expect(page.getByText('No patients yet')).toBeVisible();
	for (const p of demoPatients) {
		await expect(page.getByText(p.displayName)).toHaveCount(0);
	}
});

test('signed-out visitors are sent to sign in, and a hostile ?next= is ignored', async ({
	demo,
	page
}) => {
	const res = await page.request.get(demo.baseURL + '/clinic/patients', { maxRedirects: 0 });
	expect(res.status()).toBe(303);
	expect(res.headers()['location']).toBe('/login?next=%2Fclinic%2Fpatients');

	await page.goto(demo.baseURL + '/login?next=//evil.example/steal');
	await page.getByLabel('Email').fill('frontdesk@demo.test');
	await page.getByLabel('Password').fill('demo-password');
	await page.getByRole('button', { name: 'Sign in' }).click();
	await expect(page).toHaveURL(demo.baseURL + '/clinic');
});

test('every response carries the security headers', async ({ demo, request }) => {
	for (const path of ['/login', '/favicon.svg', '/clinic', '/no-such-page']) {
		const res = await request.get(demo.baseURL + path, { maxRedirects: 0 });
		const h = res.headers();
		expect(h['x-content-type-options'], path).toBe('nosniff');
		expect(h['referrer-policy'], path).toBeTruthy();
		expect(h['permissions-policy'], path).toContain('camera=(self)');
		expect(h['content-security-policy'], path).toContain("frame-ancestors 'none'");
	}
	const csp = (await request.get(demo.baseURL + '/login')).headers()['content-security-policy'];
	const scriptSrc = csp.split(';').find((d) => d.trim().startsWith('script-src'))!;
	expect(scriptSrc).not.toContain('unsafe-inline');
	expect(scriptSrc).toMatch(/'nonce-|'sha256-/);
});
