import type { BrowserContext, Page } from '@playwright/test';
import { eq } from 'drizzle-orm';
import { test, expect, gotoHydrated, type App } from './app';
import { jordanOf } from './demo-records';
import { seriousViolations } from './axe';
import { session, totpCredential, user } from '../../src/lib/server/db/schema';
import { writeTx } from '../../src/lib/server/db/client';
import { newTotpKey, totpCode } from '../../src/lib/server/auth/totp';
import { replaceRecoveryCodes } from '../../src/lib/server/auth/recovery-codes';

const OWNER = 'owner@demo.test';
const CLINICIAN = 'clinician@demo.test';
const PASSWORD = 'demo-password';
const ELEVEN_MINUTES = 11 * 60 * 1000;

const userId = (demo: App, email: string) =>
	demo.db.select().from(user).where(eq(user.email, email)).get()!.id;

/** Every proof this person's sessions hold is made 11 minutes old: past the step-up window. */
function ageProofs(demo: App, email: string) {
	const old = new Date(Date.now() - ELEVEN_MINUTES);
	writeTx(demo.db, (tx) =>
		tx
			.update(session)
			.set({ factorAt: old, passwordAt: old })
			.where(eq(session.userId, userId(demo, email)))
			.run()
	);
}

const audits = (demo: App, like: string) =>
	demo.db.$client
		.prepare('select action, ok, detail from audit_event where action like ? order by rowid')
		.all(like);

const dialog = (page: Page) => page.getByRole('dialog', { name: 'Confirm it is you' });

test('after 11 minutes, issuing an API token asks for the app code inline and then issues it', async ({
	demo,
	page,
	context
}) => {
	test.setTimeout(60_000);
	await demo.signInAs(context, OWNER);
	// enrol through the page
	await gotoHydrated(page, demo.baseURL + '/account/two-factor');
	await page.getByRole('button', { name: 'Set up an authenticator app' }).click();
	const secret = (await page.locator('[data-totp-secret]').getAttribute('data-totp-secret'))!;
	await page.getByLabel('The 6-digit code the app shows').fill(totpCode(secret));
	await page.getByRole('button', { name: 'Turn on' }).click();
	await expect(page.getByText(/^On since /)).toBeVisible();

	ageProofs(demo, OWNER);
	await gotoHydrated(page, demo.baseURL + '/clinic/integrations');
	await page.getByLabel('What it is for').fill('Room 2 camera');
	await page.getByLabel('Acts as').selectOption({ label: 'Dr Priya Nair · Clinician' });
	const create = page.getByRole('button', { name: 'Create token' });
	await create.click();

	// the prompt opens with the focus in its field; Esc cancels and gives the focus back
	await expect(dialog(page)).toBeVisible();
	const field = dialog(page).getByLabel('Code from your app, or a recovery code');
	await expect(field).toBeFocused();
	await expect(dialog(page).getByLabel('Your password')).toHaveCount(0);
	await page.keyboard.press('Escape');
	await expect(dialog(page)).toBeHidden();
	await expect(create).toBeFocused();
	expect(demo.db.$client.prepare('select count(*) n from api_token').get()).toEqual({ n: 0 });

	await create.click();
	await expect(dialog(page)).toBeVisible();
	const wrong = totpCode(secret) === '000000' ? '111111' : '000000';
	await field.fill(wrong);
	await dialog(page).getByRole('button', { name: 'Confirm' }).click();
	await expect(dialog(page).getByRole('alert')).toContainText('neither the current code');
	await expect(dialog(page)).toBeVisible();
	expect(demo.db.$client.prepare('select count(*) n from api_token').get()).toEqual({ n: 0 });

	// the enrolment spent this step's code: the next step's is accepted (±1 step)
	await field.fill(totpCode(secret, new Date(), 1));
	await dialog(page).getByRole('button', { name: 'Confirm' }).click();
	// the form goes again by itself: the token appears without pressing Create again
	await expect(page.getByLabel('API token', { exact: true })).toHaveValue(/^rsf_/);
	await expect(dialog(page)).toBeHidden();
	expect(demo.db.$client.prepare('select name from api_token').all()).toEqual([
		{ name: 'Room 2 camera' }
	]);
	expect(audits(demo, 'step_up')).toEqual([
		{ action: 'step_up', ok: 0, detail: 'wrong code' },
		{ action: 'step_up', ok: 1, detail: 'authenticator' }
	]);

	// proved: revoking now asks nothing more
	await gotoHydrated(page, demo.baseURL + '/clinic/integrations');
	await page.getByRole('button', { name: 'Revoke Room 2 camera' }).click();
	await expect(page.getByText('Token revoked.')).toBeVisible();
	await expect(dialog(page)).toHaveCount(0);
});

test('all of a patient’s photos: refused without a fresh proof, then the password (no second factor) inline, then the ZIP', async ({
	demo,
	page,
	context
}) => {
	test.setTimeout(60_000);
	const jordan = jordanOf(demo);
	const zip = `/clinic/patients/${jordan.id}/photos.zip`;
	await demo.signInAs(context, OWNER);
	ageProofs(demo, OWNER);

	const refused = await context.request.get(demo.baseURL + zip, { maxRedirects: 0 });
	expect(refused.status()).toBe(403);
	expect(await refused.text()).toContain(`/account/step-up?next=${encodeURIComponent(zip)}`);
	expect(audits(demo, 'photo_download')).toEqual([]);

	await gotoHydrated(page, demo.baseURL + `/clinic/patients/${jordan.id}`);
	await page.getByRole('link', { name: 'Download all photos' }).click();
	await expect(dialog(page)).toBeVisible();
	await expect(dialog(page).getByLabel('Code from your app, or a recovery code')).toHaveCount(0);
	const password = dialog(page).getByLabel('Your password');
	await expect(password).toBeFocused();
	expect(await seriousViolations(page)).toEqual([]);
	await password.fill('not the password');
	await dialog(page).getByRole('button', { name: 'Confirm' }).click();
	await expect(dialog(page).getByRole('alert')).toContainText('That password is not right.');

	await password.fill(PASSWORD);
	const [download] = await Promise.all([
		page.waitForEvent('download'),
		dialog(page).getByRole('button', { name: 'Confirm' }).click()
	]);
	expect(download.suggestedFilename()).toMatch(/^resurface-photos-.*\.zip$/);
	await expect(dialog(page)).toBeHidden();
	expect(audits(demo, 'step_up')).toEqual([
		{ action: 'step_up', ok: 0, detail: 'bad credentials' },
		{ action: 'step_up', ok: 1, detail: 'password' }
	]);
	expect(audits(demo, 'photo_download')).toEqual([
		{ action: 'photo_download', ok: 1, detail: expect.stringMatching(/^all photos=\d+$/) }
	]);
	// and the same URL now answers at once
	const allowed = await context.request.get(demo.baseURL + zip);
	expect(allowed.status()).toBe(200);
	expect(allowed.headers()['content-type']).toBe('application/zip');
});

test('without JavaScript: a refused save leads to /account/step-up and back', async ({
	demo,
	browser
}) => {
	test.setTimeout(60_000);
	const context: BrowserContext = await browser.newContext({ javaScriptEnabled: false });
	await demo.signInAs(context, OWNER);
	ageProofs(demo, OWNER);
	const page = await context.newPage();
	await page.goto(demo.baseURL + '/clinic/settings');
	await page.getByRole('button', { name: 'Save settings' }).click();
	await expect(page.getByText('Confirm it is you to continue.')).toBeVisible();
	await page.getByRole('link', { name: 'Confirm it is you' }).click();
	await expect(page).toHaveURL(/\/account\/step-up\?next=%2Fclinic%2Fsettings$/);
	await page.getByLabel('Your password').fill('wrong password');
	await page.getByRole('button', { name: 'Confirm' }).click();
	await expect(page.getByRole('alert')).toContainText('That password is not right.');
	await page.getByLabel('Your password').fill(PASSWORD);
	await page.getByRole('button', { name: 'Confirm' }).click();
	await expect(page).toHaveURL(/\/clinic\/settings$/);
	await page.getByRole('button', { name: 'Save settings' }).click();
	await expect(page.getByText('Settings saved.')).toBeVisible();

	// the ZIP's refusal links to the same page, which goes on to the download
	ageProofs(demo, OWNER);
	const zip = `/clinic/patients/${jordanOf(demo).id}/photos.zip`;
	const refused = await page.goto(demo.baseURL + zip);
	expect(refused?.status()).toBe(403);
	await page.getByRole('link', { name: 'Confirm it is you' }).click();
	await page.getByLabel('Your password').fill(PASSWORD);
	const [download] = await Promise.all([
		page.waitForEvent('download'),
		page.getByRole('button', { name: 'Confirm' }).click()
	]);
	expect(download.suggestedFilename()).toMatch(/\.zip$/);
	await context.close();
});

test('the owner resets a clinician’s two-step sign-in (asked inline first); their next sign-in asks no code', async ({
	demo,
	page,
	context,
	browser
}) => {
	test.setTimeout(60_000);
	// the clinician has an app and recovery codes, and is signed in somewhere
	const clinicianId = userId(demo, CLINICIAN);
	writeTx(demo.db, (tx) => {
		const now = new Date();
		tx.insert(totpCredential)
			.values({ userId: clinicianId, key: newTotpKey(), createdAt: now, confirmedAt: now })
			.run();
		replaceRecoveryCodes(tx, clinicianId, now);
	});
	const elsewhere = await browser.newContext();
	await demo.signInAs(elsewhere, CLINICIAN);

	await demo.signInAs(context, OWNER);
	ageProofs(demo, OWNER);
	// on a phone
	await page.setViewportSize({ width: 360, height: 740 });
	await gotoHydrated(page, demo.baseURL + '/clinic/staff');
	const row = page.getByRole('row', { name: /Dr Priya Nair/ });
	await expect(row.getByText('Two-step sign-in on')).toBeVisible();
	// nobody resets their own here
	await expect(
		page.getByRole('row', { name: /Helen Marsh/ }).getByText('Reset two-step sign-in')
	).toHaveCount(0);
	await row.getByText('Reset two-step sign-in').click();
	await row.getByRole('button', { name: 'Reset two-step sign-in for Dr Priya Nair' }).click();
	await expect(dialog(page)).toBeVisible();
	const box = (await dialog(page).boundingBox())!;
	expect(box.x).toBeGreaterThanOrEqual(0);
	expect(box.x + box.width).toBeLessThanOrEqual(360);
	expect(await seriousViolations(page)).toEqual([]);
	await dialog(page).getByLabel('Your password').fill(PASSWORD);
	await dialog(page).getByRole('button', { name: 'Confirm' }).click();
	await expect(page.getByText('Two-step sign-in is reset for Dr Priya Nair.')).toBeVisible();
	await expect(row.getByText('Two-step sign-in off')).toBeVisible();
	expect(audits(demo, 'two_factor_reset')).toEqual([
		{
			action: 'two_factor_reset',
			ok: 1,
			detail: 'removed authenticator app, 10 recovery codes'
		}
	]);
	// signed out everywhere
	const old = await elsewhere.request.get(demo.baseURL + '/clinic', { maxRedirects: 0 });
	expect(old.headers()['location']).toMatch(/^\/login/);
	await elsewhere.close();

	// the password alone signs them in now
	const fresh = await browser.newContext();
	const signIn = await fresh.newPage();
	await signIn.goto(demo.baseURL + '/login');
	await signIn.getByLabel('Email').fill(CLINICIAN);
	await signIn.getByLabel('Password').fill(PASSWORD);
	await signIn.getByRole('button', { name: 'Sign in' }).click();
	await expect(signIn).toHaveURL(/\/clinic$/);
	await fresh.close();
});

test('the prompt sends the same form again with the same button: a hand-over link, and a message’s wording', async ({
	demo,
	page,
	context
}) => {
	test.setTimeout(60_000);
	await demo.signInAs(context, OWNER);
	ageProofs(demo, OWNER);
	await gotoHydrated(page, demo.baseURL + '/clinic/staff');
	await page.getByLabel('Name').fill('Ana Lima');
	await page.getByLabel('Email').fill('ana@example.test');
	// the second button posts to another action (formaction): that is the one sent again
	await page.getByRole('button', { name: 'Show a link to hand over in person' }).click();
	await expect(dialog(page)).toBeVisible();
	await dialog(page).getByLabel('Your password').fill(PASSWORD);
	await dialog(page).getByRole('button', { name: 'Confirm' }).click();
	await expect(page.getByRole('textbox', { name: 'Invitation link' })).toHaveValue(/\/invite\//);
	expect(
		demo.db.$client.prepare("select email from invitation where email = 'ana@example.test'").all()
	).toHaveLength(1);

	// a message's wording, after the proof has run out again
	ageProofs(demo, OWNER);
	await gotoHydrated(page, demo.baseURL + '/clinic/settings/messages');
	const first = page.locator('details.message').first();
	await first.locator('summary').click();
	const subject = first.getByLabel('Subject');
	await subject.fill('Your next session is near');
	await first.getByRole('button', { name: 'Save wording' }).click();
	await expect(dialog(page)).toBeVisible();
	await dialog(page).getByLabel('Your password').fill(PASSWORD);
	await dialog(page).getByRole('button', { name: 'Confirm' }).click();
	await expect(dialog(page)).toBeHidden();
	await expect(first.getByText('Your next session is near').first()).toBeVisible();
});
