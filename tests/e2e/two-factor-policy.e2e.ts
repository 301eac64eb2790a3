import type { Browser, Page } from '@playwright/test';
import { eq } from 'drizzle-orm';
import { test, expect, gotoHydrated, type App } from './app';
import { patient, totpCredential, user } from '../../src/lib/server/db/schema';
import { writeTx } from '../../src/lib/server/db/client';
import { newTotpKey, totpCode } from '../../src/lib/server/auth/totp';
import { replaceRecoveryCodes } from '../../src/lib/server/auth/recovery-codes';

const PASSWORD = 'demo-password';
const OWNER = 'owner@demo.test';
const DESK = 'frontdesk@demo.test';

/** The owner's authenticator, put in place as the account page would. */
function enrolOwner(demo: App): string {
	const me = demo.db.select().from(user).where(eq(user.email, OWNER)).get()!;
	const key = newTotpKey();
	const now = new Date();
	writeTx(demo.db, (tx) => {
		tx.insert(totpCredential)
			.values({ userId: me.id, key, createdAt: now, confirmedAt: now })
			.run();
		replaceRecoveryCodes(tx, me.id, now);
	});
	return key;
}

async function signIn(browser: Browser, demo: App, email: string): Promise<Page> {
	const page = await (await browser.newContext()).newPage();
	await page.goto(demo.baseURL + '/login');
	await page.getByLabel('Email').fill(email);
	await page.getByLabel('Password').fill(PASSWORD);
	await page.getByRole('button', { name: 'Sign in' }).click();
	return page;
}

test('the owner requires two-step sign-in and front desk is walked through enrolment before anything else', async ({
	demo,
	browser,
	context,
	page
}) => {
	// an owner without a factor cannot require one of everybody
	await demo.signInAs(context, OWNER);
	await gotoHydrated(page, demo.baseURL + '/clinic/settings/security');
	await expect(page.getByRole('heading', { name: 'Sign-in security' })).toBeVisible();
	await expect(page.getByRole('radio', { name: /Required for all staff/ })).toBeDisabled();
	await expect(page.getByText('for your own account first')).toBeVisible();

	// with an authenticator, signed in with password and code
	const key = enrolOwner(demo);
	const owner = await signIn(browser, demo, OWNER);
	await expect(owner).toHaveURL(/\/login\/two-factor/);
	await owner.getByRole('textbox', { name: 'Code' }).fill(totpCode(key));
	await owner.getByRole('button', { name: 'Continue' }).click();
	await expect(owner).toHaveURL(/\/clinic$/);
	await gotoHydrated(owner, demo.baseURL + '/clinic/settings/security');
	await expect(owner.getByText('Password only')).toHaveCount(2); // clinician, front desk
	await expect(owner.getByText('2 people have not set it up yet')).toBeVisible();
	await owner.getByRole('radio', { name: /Required for all staff/ }).check();
	await owner.getByRole('button', { name: 'Save' }).click();
	await expect(owner.getByText('Required from now on.')).toBeVisible();
	const policyAudit = demo.db.$client
		.prepare("select ok, detail from audit_event where action = 'two_factor_policy'")
		.all();
	expect(policyAudit).toEqual([{ ok: 1, detail: 'required for staff' }]);

	// front desk signs in with the password alone and lands on enrolment, holding where it was going
	const desk = await signIn(browser, demo, DESK);
	await expect(desk).toHaveURL(/\/account\/two-factor\?required=1&next=%2Fclinic/);
	await expect(desk.getByText('requires two-step sign-in')).toBeVisible();
	// no way round it: the header offers nothing, a typed address comes back here
	await expect(desk.getByRole('navigation', { name: 'Main' }).getByRole('link')).toHaveCount(0);
	await desk.goto(demo.baseURL + '/clinic/patients');
	await expect(desk).toHaveURL(/\/account\/two-factor\?required=1&next=%2Fclinic%2Fpatients/);
	// …and an action posted elsewhere is turned away without doing anything
	const before = demo.db.select().from(patient).all().length;
	const posted = await desk.request.post(demo.baseURL + '/clinic/patients?/create', {
		form: { firstName: 'Sneaky', lastName: 'Entry', email: '' },
		// as a browser's plain form post (with */* SvelteKit would answer the JSON of an enhanced one)
		headers: { origin: demo.baseURL, accept: 'text/html' },
		maxRedirects: 0
	});
	expect(posted.status()).toBe(303);
	expect(posted.headers()['location']).toMatch(/^\/account\/two-factor\?required=1/);
	expect(demo.db.select().from(patient).all()).toHaveLength(before);

	// enrolment, then on to where front desk was going
	await desk.getByRole('button', { name: 'Set up an authenticator app' }).click();
	const secret = (await desk.locator('[data-totp-secret]').getAttribute('data-totp-secret'))!;
	await desk.getByLabel('The 6-digit code the app shows').fill(totpCode(secret));
	await desk.getByRole('button', { name: 'Turn on' }).click();
	await expect(desk.locator('[data-recovery-codes] li')).toHaveCount(10);
	await desk.getByRole('link', { name: 'Continue to Resurface' }).click();
	await expect(desk).toHaveURL(/\/clinic\/patients$/);
	await expect(
		desk.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Patients' })
	).toBeVisible();

	// patients are never held back
	const patientContext = await browser.newContext();
	await demo.signInAs(patientContext, 'patient@demo.test');
	const me = await patientContext.newPage();
	await me.goto(demo.baseURL + '/me');
	await expect(me).toHaveURL(/\/me$/);
});
