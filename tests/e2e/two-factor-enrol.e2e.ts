import type { Page } from '@playwright/test';
import { test, expect, gotoHydrated } from './app';
import { totpCode } from '../../src/lib/server/auth/totp';

async function secretOf(page: Page): Promise<string> {
	const secret = await page.locator('[data-totp-secret]').getAttribute('data-totp-secret');
	expect(secret).toMatch(/^[A-Z2-7]{32}$/);
	return secret!;
}

const recoveryCodes = (page: Page) => page.locator('[data-recovery-codes] li');

test('the owner turns on an authenticator app, makes new recovery codes and turns it off with one', async ({
	demo,
	page,
	context
}) => {
	await demo.signInAs(context, 'owner@demo.test');
	await gotoHydrated(page, demo.baseURL + '/clinic');
	await page.locator('details.account summary').click();
	await page.getByRole('link', { name: 'Two-step sign-in' }).click();
	await expect(page).toHaveURL(/\/account\/two-factor$/);
	await expect(page.getByRole('heading', { name: 'Two-step sign-in' })).toBeVisible();

	await page.getByRole('button', { name: 'Set up an authenticator app' }).click();
	await expect(page.getByRole('img', { name: 'QR code for your authenticator app' })).toBeVisible();
	const secret = await secretOf(page);
	// the key is shown grouped for typing, never put in the address
	await expect(page.locator('[data-totp-secret]')).toHaveText(secret.match(/.{4}/g)!.join(' '));
	expect(page.url()).not.toContain(secret);
	// an unconfirmed key survives a reload
	await page.reload();
	expect(await secretOf(page)).toBe(secret);

	// a wrong code first
	const wrong = totpCode(secret) === '000000' ? '111111' : '000000';
	await page.getByLabel('The 6-digit code the app shows').fill(wrong);
	await page.getByRole('button', { name: 'Turn on' }).click();
	await expect(page.getByRole('alert')).toContainText('That code is not right');

	await page.getByLabel('The 6-digit code the app shows').fill(totpCode(secret));
	await page.getByRole('button', { name: 'Turn on' }).click();
	await expect(page.getByText('Save these somewhere safe: each works once')).toBeVisible();
	await expect(recoveryCodes(page)).toHaveCount(10);
	const codes = await recoveryCodes(page).allTextContents();
	expect(codes.every((c) => /^[a-z0-9]{5}-[a-z0-9]{5}$/.test(c.trim()))).toBe(true);
	await expect(page.getByText(/^On since /)).toBeVisible();
	await expect(page.locator('[data-totp-secret]')).toHaveCount(0);

	// shown once: a reload shows the status, not the codes
	await page.reload();
	await expect(recoveryCodes(page)).toHaveCount(0);
	await expect(page.getByText('10 of 10')).toBeVisible();

	// new codes need a code not used before: the next step's (accepted within ±1 step)
	await page
		.getByLabel('Code from your app', { exact: true })
		.fill(totpCode(secret, new Date(), 1));
	await page.getByRole('button', { name: 'Make new recovery codes' }).click();
	await expect(recoveryCodes(page)).toHaveCount(10);
	const fresh = (await recoveryCodes(page).allTextContents()).map((c) => c.trim());
	expect(fresh).not.toContain(codes[0].trim());

	// turned off with a recovery code (from the new set)
	await page.getByLabel('Code from your app, or a recovery code').fill(fresh[0]);
	await page.getByRole('button', { name: 'Turn off two-step sign-in' }).click();
	await expect(page.getByText('Two-step sign-in is off')).toBeVisible();
	await expect(page.getByRole('button', { name: 'Set up an authenticator app' })).toBeVisible();

	const audit = demo.db.$client
		.prepare(
			"select action, ok, detail from audit_event where action like 'two_factor%' or action like 'recovery%' order by rowid"
		)
		.all();
	expect(audit).toEqual([
		{ action: 'two_factor_enrol_start', ok: 1, detail: null },
		{ action: 'two_factor_enrol', ok: 0, detail: 'wrong code' },
		{ action: 'two_factor_enrol', ok: 1, detail: 'authenticator' },
		{ action: 'recovery_codes_replace', ok: 1, detail: 'authenticator' },
		{ action: 'two_factor_disable', ok: 1, detail: 'recovery code' }
	]);
});

test('a patient at 360 px turns it on and off', async ({ demo, page, context }) => {
	await page.setViewportSize({ width: 360, height: 740 });
	await demo.signInAs(context, 'patient@demo.test');
	await gotoHydrated(page, demo.baseURL + '/account/two-factor');
	await page.getByRole('button', { name: 'Set up an authenticator app' }).click();
	const secret = await secretOf(page);
	const fits = () =>
		page.evaluate(
			() => document.documentElement.scrollWidth <= document.documentElement.clientWidth
		);
	expect(await fits()).toBe(true);
	await page.getByLabel('The 6-digit code the app shows').fill(totpCode(secret));
	await page.getByRole('button', { name: 'Turn on' }).click();
	await expect(recoveryCodes(page)).toHaveCount(10);
	expect(await fits()).toBe(true);
	await page
		.getByLabel('Code from your app, or a recovery code')
		.fill(totpCode(secret, new Date(), 1));
	await page.getByRole('button', { name: 'Turn off two-step sign-in' }).click();
	await expect(page.getByText('Two-step sign-in is off')).toBeVisible();
});

test('without JavaScript: plain form posts set it up and turn it off', async ({
	demo,
	browser
}) => {
	const context = await browser.newContext({ javaScriptEnabled: false });
	await demo.signInAs(context, 'clinician@demo.test');
	const page = await context.newPage();
	await page.goto(demo.baseURL + '/account/two-factor');
	await page.getByRole('button', { name: 'Set up an authenticator app' }).click();
	await expect(page).toHaveURL(/\/account\/two-factor$/);
	const secret = await secretOf(page);
	await page.getByLabel('The 6-digit code the app shows').fill(totpCode(secret));
	await page.getByRole('button', { name: 'Turn on' }).click();
	await expect(recoveryCodes(page)).toHaveCount(10);
	const first = (await recoveryCodes(page).first().textContent())!.trim();
	await page.getByLabel('Code from your app, or a recovery code').fill(first);
	await page.getByRole('button', { name: 'Turn off two-step sign-in' }).click();
	await expect(page.getByText('Two-step sign-in is off')).toBeVisible();
	await context.close();
});
