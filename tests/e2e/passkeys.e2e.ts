import type { CDPSession, Page } from '@playwright/test';
import { and, eq } from 'drizzle-orm';
import { test as base, expect, gotoHydrated, startApp, type App } from './app';
import { auditEvent, passkey, recoveryCode, session, user } from '../../src/lib/server/db/schema';

// WebAuthn needs a domain name as RP ID, never an IP address: this spec's servers run with
// ORIGIN http://localhost:<port>.
const test = base.extend<{ local: App }>({
	local: async ({}, use) => {
		const app = await startApp({ demo: true, localhost: true });
		await use(app);
		await app.stop();
	}
});

const CLINICIAN = 'clinician@demo.test';
const PASSWORD = 'demo-password';

/** Chromium's virtual authenticator: a platform passkey that verifies the person, untouched. */
async function addAuthenticator(cdp: CDPSession): Promise<string> {
	const { authenticatorId } = await cdp.send('WebAuthn.addVirtualAuthenticator', {
		options: {
			protocol: 'ctap2',
			transport: 'internal',
			hasResidentKey: true,
			hasUserVerification: true,
			isUserVerified: true,
			automaticPresenceSimulation: true
		}
	});
	return authenticatorId;
}

async function signInWithPassword(page: Page, app: App, path = '/login') {
	await gotoHydrated(page, app.baseURL + path);
	await page.getByLabel('Email').fill(CLINICIAN);
	await page.getByLabel('Password').fill(PASSWORD);
	await page.getByRole('button', { name: 'Sign in', exact: true }).click();
}

async function signOut(page: Page) {
	await page.getByText('Dr Priya Nair').click();
	await page.getByRole('button', { name: 'Sign out' }).click();
	await expect(page).toHaveURL(/\/login$/);
}

async function addPasskey(page: Page, name: string) {
	const field = page.getByLabel('Name for the new passkey');
	await expect(field).toHaveValue(/on Linux/); // the default comes from the browser
	await field.fill(name);
	await page.getByRole('button', { name: 'Add a passkey' }).click();
}

test('passkeys: register two, second step, one-tap sign-in, rename, remove', async ({
	local,
	browser
}) => {
	test.setTimeout(120_000);
	const db = local.db;
	const me = db.select().from(user).where(eq(user.email, CLINICIAN)).get()!;
	const context = await browser.newContext();
	const page = await context.newPage();
	const cdp = await context.newCDPSession(page);
	await cdp.send('WebAuthn.enable');
	const laptop = await addAuthenticator(cdp);

	// a password-only account adds its first passkey: recovery codes come with it, once
	await signInWithPassword(page, local);
	await expect(page).toHaveURL(/\/clinic/);
	await gotoHydrated(page, local.baseURL + '/account/two-factor');
	await expect(page.getByText('You have no passkeys yet.')).toBeVisible();
	await addPasskey(page, 'Laptop');
	await expect(
		page.getByRole('status').filter({ hasText: 'Passkey “Laptop” added.' })
	).toBeVisible();
	await expect(page.locator('[data-recovery-codes] li')).toHaveCount(10);
	await expect(page.getByRole('list', { name: 'Your passkeys' })).toContainText('Laptop');
	// the same authenticator is not added twice (excludeCredentials)
	await addPasskey(page, 'Laptop again');
	await expect(
		page.getByRole('alert').filter({ hasText: 'already holds a passkey' })
	).toBeVisible();

	// a second device: the laptop's key is kept aside, a phone takes its place
	const { credentials: laptopKeys } = await cdp.send('WebAuthn.getCredentials', {
		authenticatorId: laptop
	});
	expect(laptopKeys).toHaveLength(1);
	await cdp.send('WebAuthn.removeVirtualAuthenticator', { authenticatorId: laptop });
	const phone = await addAuthenticator(cdp);
	await gotoHydrated(page, local.baseURL + '/account/two-factor');
	await addPasskey(page, 'Phone');
	await expect(
		page.getByRole('status').filter({ hasText: 'Passkey “Phone” added.' })
	).toBeVisible();
	// not the first factor: no new codes
	await expect(page.locator('[data-recovery-codes]')).toHaveCount(0);
	const stored = db.select().from(passkey).where(eq(passkey.userId, me.id)).all();
	expect(stored.map((p) => p.name).sort()).toEqual(['Laptop', 'Phone']);
	// only public material is kept
	for (const p of stored) {
		expect(Object.keys(p).sort()).toEqual(
			[
				'counter',
				'createdAt',
				'id',
				'lastUsedAt',
				'name',
				'publicKey',
				'transports',
				'userId'
			].sort()
		);
	}
	expect(db.select().from(recoveryCode).where(eq(recoveryCode.userId, me.id)).all()).toHaveLength(
		10
	);

	// password, then the phone as the second step; ?next= is kept
	await signOut(page);
	await signInWithPassword(page, local, '/login?next=%2Fclinic%2Fpatients');
	await expect(page).toHaveURL(/\/login\/two-factor/);
	// no authenticator app: the only code to type is a recovery code
	await expect(page.getByRole('textbox', { name: 'Recovery code' })).toBeVisible();
	await page.getByRole('button', { name: 'Use a passkey' }).click();
	await expect(page).toHaveURL(/\/clinic\/patients$/);
	const cookies = (await context.cookies()).map((c) => c.name).sort();
	expect(cookies).toEqual(['resurface_device', 'resurface_session']);
	const twoStep = db.select().from(session).where(eq(session.userId, me.id)).all().at(-1)!;
	expect(twoStep.factorAt).not.toBeNull();
	expect(twoStep.passwordAt).not.toBeNull();

	// one tap, no password
	await signOut(page);
	await gotoHydrated(page, local.baseURL + '/login');
	await page.getByRole('button', { name: 'Use a passkey' }).click();
	await expect(page).toHaveURL(/\/clinic/);
	const sessions = db.select().from(session).where(eq(session.userId, me.id)).all();
	const oneTap = sessions.find((s) => s.passwordAt === null)!;
	expect(oneTap.factorAt).not.toBeNull();
	const signIns = db
		.select()
		.from(auditEvent)
		.where(and(eq(auditEvent.action, 'sign_in'), eq(auditEvent.actorUserId, me.id)))
		.all()
		.filter((e) => e.ok && e.detail === 'passkey');
	expect(signIns).toHaveLength(2);
	const phoneKey = db.select().from(passkey).where(eq(passkey.name, 'Phone')).get()!;
	expect(phoneKey.counter).toBeGreaterThan(0);
	expect(phoneKey.lastUsedAt).not.toBeNull();

	// rename, then remove the phone's passkey
	await gotoHydrated(page, local.baseURL + '/account/two-factor');
	const phoneItem = page.getByRole('listitem').filter({ hasText: 'Phone' });
	await phoneItem.getByText('Rename or remove').click();
	await phoneItem.getByLabel('New name').fill('Work phone');
	await phoneItem.getByRole('button', { name: 'Rename' }).click();
	await expect(
		page.getByRole('status').filter({ hasText: 'Passkey renamed to “Work phone”.' })
	).toBeVisible();
	const workPhone = page.getByRole('listitem').filter({ hasText: 'Work phone' });
	await workPhone.getByText('Rename or remove').click();
	await workPhone.getByRole('button', { name: 'Remove “Work phone”' }).click();
	await expect(
		page.getByRole('status').filter({ hasText: 'Passkey “Work phone” removed.' })
	).toBeVisible();
	await expect(page.getByRole('list', { name: 'Your passkeys' })).not.toContainText('phone');
	const actions = db
		.select()
		.from(auditEvent)
		.where(eq(auditEvent.actorUserId, me.id))
		.all()
		.filter((e) => e.action.startsWith('passkey_') && e.ok)
		.map((e) => e.action);
	expect(actions).toEqual(['passkey_add', 'passkey_add', 'passkey_rename', 'passkey_remove']);

	// the removed passkey no longer signs in
	await signOut(page);
	await gotoHydrated(page, local.baseURL + '/login');
	await page.getByRole('button', { name: 'Use a passkey' }).click();
	await expect(page.getByRole('alert')).toContainText('That passkey did not sign you in');
	await expect(page).toHaveURL(/\/login/);

	// the laptop's passkey, back in an authenticator, still does
	await cdp.send('WebAuthn.removeVirtualAuthenticator', { authenticatorId: phone });
	const laptopAgain = await addAuthenticator(cdp);
	await cdp.send('WebAuthn.addCredential', {
		authenticatorId: laptopAgain,
		credential: laptopKeys[0]
	});
	await page.getByRole('button', { name: 'Use a passkey' }).click();
	await expect(page).toHaveURL(/\/clinic/);
	await context.close();
});

test('the ceremony endpoints answer bad input with a clear 4xx and JSON', async ({
	local,
	browser
}) => {
	const context = await browser.newContext();
	const anonymous = context.request;
	const post = (url: string, data: unknown, type = 'application/json') =>
		anonymous.post(local.baseURL + url, {
			headers: { origin: local.baseURL, 'content-type': type },
			data: typeof data === 'string' ? data : JSON.stringify(data),
			maxRedirects: 0
		});
	const expectRefusal = async (res: Awaited<ReturnType<typeof post>>, status: number) => {
		expect(res.status()).toBe(status);
		expect((await res.json()).message).toEqual(expect.any(String));
	};

	await expectRefusal(await post('/login/passkey/verify', 'a=b', 'text/plain'), 400);
	await expectRefusal(await post('/login/passkey/verify', '{not json'), 400);
	// an answer without the challenge cookie
	await expectRefusal(await post('/login/passkey/verify', { response: { id: 'x' } }), 400);
	// a challenge, then junk as its answer: refused, and the challenge is gone with it
	expect((await post('/login/passkey/options', {})).status()).toBe(200);
	await expectRefusal(await post('/login/passkey/verify', { response: 42 }), 400);
	const noSecondStep = await post('/login/two-factor/passkey/options', {});
	expect(noSecondStep.status()).toBe(400);
	expect((await noSecondStep.json()).redirect).toBe('/login?restart=timeout');
	await expectRefusal(await post('/login/two-factor/passkey/verify', { response: {} }), 400);
	await expectRefusal(await post('/account/step-up/passkey/options', {}), 401);
	await expectRefusal(await post('/account/step-up/passkey/verify', {}), 401);
	await expectRefusal(await post('/account/two-factor/passkey-options', {}), 401);

	// signed in, without passkeys: step-up by passkey says there is none
	await local.signInAs(context, CLINICIAN);
	await expectRefusal(await post('/account/step-up/passkey/options', {}), 409);
	await expectRefusal(await post('/account/step-up/passkey/verify', { response: {} }), 400);
	await context.close();
});
