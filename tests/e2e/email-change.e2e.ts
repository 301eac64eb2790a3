import { test as base, expect, startApp, type App } from './app';
import { linkIn, startSmtpSink, type SmtpSink } from '../support/smtp-sink';

const test = base.extend<{ sink: SmtpSink; mailing: App }>({
	sink: async ({}, use) => {
		const sink = await startSmtpSink();
		await use(sink);
		await sink.close();
	},
	mailing: async ({ sink }, use) => {
		const app = await startApp({ demo: true, env: { SMTP_URL: sink.url, MAIL_RETRY_MS: '200' } });
		await use(app);
		await app.stop();
	}
});

const OLD = 'patient@demo.test';
const NEW = 'jordan.avery@example.test';

test('a patient changes their email: confirmed from the new address, noticed at the old one', async ({
	mailing: demo,
	sink,
	page,
	context
}) => {
	await demo.signInAs(context, OLD);
	await page.goto(demo.baseURL + '/me');
	await page.getByText('Jordan Avery').first().click();
	await page.getByRole('link', { name: 'Change email' }).click();
	await expect(page).toHaveURL(/\/account\/email$/);

	await page.getByLabel('New email').fill(NEW);
	await page.getByLabel('Current password').fill('demo-password');
	await page.getByRole('button', { name: 'Send confirmation link' }).click();
	await expect(page.getByRole('status')).toContainText(`We have sent a link to ${NEW}`);

	await sink.waitFor(2);
	const [confirm] = sink.to(NEW);
	const [notice] = sink.to(OLD);
	expect(confirm.parsed.subject).toBe('Confirm your new email address for Demo Skin Clinic');
	expect(notice.parsed.subject).toBe('Your Demo Skin Clinic sign-in address is changing');
	expect(notice.parsed.text).not.toContain('/account/email/');
	const link = linkIn(confirm.parsed, `${demo.baseURL}/account/email/`);

	// opening the link (as a mail scanner would) changes nothing
	const opened = await page.request.get(link);
	expect(opened.status()).toBe(200);
	const email = () =>
		(
			demo.db.$client.prepare("select email from user where name = 'Jordan Avery'").get() as {
				email: string;
			}
		).email;
	expect(email()).toBe(OLD);

	// confirmed from a browser that is not signed in (the phone's mail app)
	const phone = await page.context().browser()!.newContext();
	const phonePage = await phone.newPage();
	await phonePage.goto(link);
	await expect(phonePage.getByText(`you will sign in with ${NEW}`)).toBeVisible();
	await phonePage.getByRole('button', { name: 'Confirm new email' }).click();
	await expect(phonePage.getByRole('status')).toContainText(`You now sign in with ${NEW}`);
	expect(email()).toBe(NEW);
	const onFile = demo.db.$client
		.prepare("select email from patient where display_name = 'Jordan Avery'")
		.get() as { email: string };
	expect(onFile.email).toBe(NEW);

	// the old address no longer signs in; the new one does
	await phonePage.getByRole('main').getByRole('link', { name: 'Sign in' }).click();
	await phonePage.getByLabel('Email').fill(OLD);
	await phonePage.getByLabel('Password').fill('demo-password');
	await phonePage.getByRole('button', { name: 'Sign in' }).click();
	await expect(phonePage.getByRole('alert')).toContainText('do not match');
	await phonePage.getByLabel('Email').fill(NEW);
	await phonePage.getByRole('button', { name: 'Sign in' }).click();
	await expect(phonePage).toHaveURL(/\/me$/);

	// the link works once
	await phonePage.goto(link);
	await expect(phonePage.getByRole('heading', { name: 'This link no longer works' })).toBeVisible();
	await phone.close();

	// the session it was asked from is still signed in
	await page.goto(demo.baseURL + '/me');
	await expect(page).toHaveURL(/\/me$/);
	const audited = demo.db.$client
		.prepare("select action, ok, detail from audit_event where action like 'email_change%'")
		.all();
	expect(audited).toEqual([
		{ action: 'email_change_request', ok: 1, detail: NEW },
		{ action: 'email_change', ok: 1, detail: `${OLD} → ${NEW} (and the address on file)` }
	]);
});

test('an address another account has is refused and nothing is sent', async ({
	mailing: demo,
	sink,
	page,
	context
}) => {
	await demo.signInAs(context, 'frontdesk@demo.test');
	await page.goto(demo.baseURL + '/account/email');
	await page.getByLabel('New email').fill('owner@demo.test');
	await page.getByLabel('Current password').fill('demo-password');
	await page.getByRole('button', { name: 'Send confirmation link' }).click();
	await expect(page.getByRole('alert')).toContainText('Another account already uses that address');
	await page.waitForTimeout(800);
	expect(sink.received).toHaveLength(0);
});
