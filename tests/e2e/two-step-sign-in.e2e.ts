import type { BrowserContext, Page } from '@playwright/test';
import { eq } from 'drizzle-orm';
import { test, expect, type App } from './app';
import { accountToken, totpCredential, user } from '../../src/lib/server/db/schema';
import { writeTx } from '../../src/lib/server/db/client';
import { newTotpKey, totpCode } from '../../src/lib/server/auth/totp';
import { replaceRecoveryCodes } from '../../src/lib/server/auth/recovery-codes';
import { hashSecret, newToken } from '../../src/lib/server/auth/tokens';

const CLINICIAN = 'clinician@demo.test';
const PASSWORD = 'demo-password';

/** Enrols the demo clinician directly, as the account page would: authenticator + 10 codes. */
function enrol(demo: App): { key: string; codes: string[]; userId: string } {
	const me = demo.db.select().from(user).where(eq(user.email, CLINICIAN)).get()!;
	const key = newTotpKey();
	const now = new Date();
	const codes = writeTx(demo.db, (tx) => {
		tx.insert(totpCredential)
			.values({ userId: me.id, key, createdAt: now, confirmedAt: now })
			.run();
		return replaceRecoveryCodes(tx, me.id, now);
	});
	return { key, codes, userId: me.id };
}

async function passwordStep(page: Page, demo: App, path = '/login', password = PASSWORD) {
	await page.goto(demo.baseURL + path);
	await page.getByLabel('Email').fill(CLINICIAN);
	await page.getByLabel('Password').fill(password);
	await page.getByRole('button', { name: 'Sign in' }).click();
	await expect(page).toHaveURL(/\/login\/two-factor/);
	await expect(page.getByRole('heading', { name: 'Two-step sign-in' })).toBeVisible();
}

async function enterCode(page: Page, code: string) {
	await page.getByRole('textbox', { name: /code/i }).fill(code);
	await page.getByRole('button', { name: 'Continue' }).click();
}

const cookieNames = async (context: BrowserContext) =>
	(await context.cookies()).map((c) => c.name).sort();

test('an enrolled clinician signs in with password then authenticator code; a code works once', async ({
	demo,
	browser
}) => {
	const { key } = enrol(demo);
	const context = await browser.newContext();
	const page = await context.newPage();

	// ?next= is carried through both steps
	await passwordStep(page, demo, '/login?next=%2Fclinic%2Fpatients');
	await expect(page).toHaveURL(/\/login\/two-factor\?next=%2Fclinic%2Fpatients$/);
	await expect(page.getByText(`Signing in as ${CLINICIAN}`)).toBeVisible();
	const code = page.getByRole('textbox', { name: 'Code' });
	await expect(code).toHaveAttribute('inputmode', 'numeric');
	await expect(code).toHaveAttribute('autocomplete', 'one-time-code');
	// after the password alone: no session and no device cookie, only the half-finished sign-in
	expect(await cookieNames(context)).toEqual(['resurface_2fa']);
	const pending = (await context.cookies()).find((c) => c.name === 'resurface_2fa')!;
	expect(pending).toMatchObject({ httpOnly: true, secure: true, sameSite: 'Lax', path: '/login' });

	// a wrong code: a clear error, still on the second step
	await enterCode(page, '000000');
	await expect(page.getByRole('alert')).toContainText('That code is not right');
	await expect(page).toHaveURL(/\/login\/two-factor/);

	const used = totpCode(key);
	await enterCode(page, used);
	await expect(page).toHaveURL(/\/clinic\/patients$/);
	expect(await cookieNames(context)).toEqual(['resurface_device', 'resurface_session']);
	await context.close();

	// the same code again, in a new sign-in: refused (no replay); the next one works
	const again = await browser.newContext();
	const page2 = await again.newPage();
	await passwordStep(page2, demo);
	await enterCode(page2, used);
	await expect(page2.getByRole('alert')).toContainText('That code is not right');
	await enterCode(page2, totpCode(key, new Date(), 1));
	await expect(page2).toHaveURL(/\/clinic$/);
	await again.close();

	const audits = demo.db.$client
		.prepare(`SELECT ok, detail FROM audit_event WHERE action = 'sign_in' ORDER BY rowid`)
		.all() as { ok: number; detail: string }[];
	expect(audits.map((a) => [a.ok, a.detail])).toEqual([
		[0, 'second factor'],
		[1, 'authenticator'],
		[0, 'second factor'],
		[1, 'authenticator']
	]);
});

test('a recovery code works once; the pending cookie alone opens nothing', async ({
	demo,
	browser
}) => {
	const { codes } = enrol(demo);
	const context = await browser.newContext();
	const page = await context.newPage();
	await passwordStep(page, demo);

	// the half-finished sign-in is not a session: every other page still asks to sign in
	await page.goto(demo.baseURL + '/clinic');
	await expect(page).toHaveURL(/\/login\?next=%2Fclinic$/);
	await page.goto(demo.baseURL + '/login/two-factor');

	await page.getByRole('button', { name: 'Use a recovery code instead' }).click();
	await expect(page.getByText('One of the 10 codes you saved')).toBeVisible();
	await page.getByRole('textbox', { name: 'Recovery code' }).fill(codes[0].toUpperCase());
	await page.getByRole('button', { name: 'Continue' }).click();
	await expect(page).toHaveURL(/\/clinic$/);
	await context.close();

	const again = await browser.newContext();
	const page2 = await again.newPage();
	await passwordStep(page2, demo);
	await page2.getByRole('button', { name: 'Use a recovery code instead' }).click();
	await page2.getByRole('textbox', { name: 'Recovery code' }).fill(codes[0]);
	await page2.getByRole('button', { name: 'Continue' }).click();
	await expect(page2.getByRole('alert')).toContainText('That code is not right');

	// "Start again" goes back to the password form
	await page2.getByRole('link', { name: 'Start again' }).click();
	await expect(page2).toHaveURL(/\/login$/);
	await again.close();

	// without a live pending cookie the second step's page sends you to the password form
	const stranger = await browser.newContext();
	const page3 = await stranger.newPage();
	await page3.goto(demo.baseURL + '/login/two-factor');
	await expect(page3).toHaveURL(/\/login$/);
	await stranger.addCookies([
		{
			name: 'resurface_2fa',
			value: `${'a'.repeat(32)}.${'b'.repeat(32)}`,
			url: demo.baseURL + '/login',
			secure: true
		}
	]);
	await page3.goto(demo.baseURL + '/login/two-factor');
	await expect(page3).toHaveURL(/\/login\?restart=timeout$/);
	await expect(page3.getByRole('status')).toContainText('Your sign-in timed out. Start again.');
	await stranger.close();
});

test('a password reset by email does not skip the second factor', async ({ demo, browser }) => {
	const { key, userId } = enrol(demo);
	// the link the mail would carry, made directly (password-reset.e2e.ts covers the mail)
	const { id, secret, token } = newToken();
	const now = new Date();
	demo.db
		.insert(accountToken)
		.values({
			id,
			userId,
			purpose: 'password_reset',
			secretHash: hashSecret(secret),
			createdAt: now,
			expiresAt: new Date(now.getTime() + 30 * 60_000)
		})
		.run();

	const context = await browser.newContext();
	const page = await context.newPage();
	await page.goto(`${demo.baseURL}/reset-password/${token}`);
	await page.getByLabel('New password', { exact: true }).fill('a-brand-new-phrase');
	await page.getByLabel('Password again').fill('a-brand-new-phrase');
	await page.getByRole('button', { name: 'Set new password' }).click();
	await expect(page).toHaveURL(/\/login\?reset=1$/);
	expect(await cookieNames(context)).toEqual([]);

	await passwordStep(page, demo, '/login', 'a-brand-new-phrase');
	await page.goto(demo.baseURL + '/clinic');
	await expect(page).toHaveURL(/\/login\?next=%2Fclinic$/);
	await page.goto(demo.baseURL + '/login/two-factor');
	await enterCode(page, totpCode(key));
	await expect(page).toHaveURL(/\/clinic$/);
	await context.close();
});
