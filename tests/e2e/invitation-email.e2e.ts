// Issue 13, part 4: invitations go by email to the address on file, against a real SMTP server
// the test starts. Front desk sends them and never holds a link; sending again kills the old
// link; the in-person link and QR code are for clinicians and owners only.
import { test as base, expect, gotoHydrated, startApp, type App } from './app';
import { linkIn, startSmtpSink, type SmtpSink } from '../support/smtp-sink';
import { signedInPage } from './clinic-steps';

const test = base.extend<{ mail: { app: App; sink: SmtpSink } }>({
	mail: async ({}, use) => {
		const sink = await startSmtpSink();
		const app = await startApp({
			demo: true,
			env: { SMTP_URL: sink.url, MAIL_RETRY_MS: '200' }
		});
		await use({ app, sink });
		await app.stop();
		await sink.close();
	}
});

const LINK = /\/invite\/[a-z2-7]{32}\.[a-z2-7]{32}/;
const clinicName = (app: App) =>
	app.db.$client.prepare("select name from clinic where slug = 'demo'").pluck().get() as string;

/** Waits for the `n`th message to `address` and returns it. */
async function nthMailTo(sink: SmtpSink, address: string, n: number) {
	await expect.poll(() => sink.to(address).length, { timeout: 20_000 }).toBeGreaterThanOrEqual(n);
	return sink.to(address)[n - 1];
}

test('front desk invites a new patient by email; sending again kills the first link; the patient accepts from the mail', async ({
	mail: { app, sink },
	browser
}) => {
	test.setTimeout(120_000);
	const { context: desk, page } = await signedInPage(browser, app, 'frontdesk@demo.test');
	await gotoHydrated(page, app.baseURL + '/clinic/patients?new=1');
	await page.getByLabel('Name', { exact: true }).fill('Noor Rahman');
	await page.getByLabel('Email').fill('noor@example.test');
	await page.getByLabel('Acne scars').check();
	await page.getByRole('button', { name: 'Create patient' }).click();
	await expect(page.getByRole('heading', { name: 'Noor Rahman' })).toBeVisible();
	const portal = page.getByRole('region', { name: 'Patient portal' });
	// Front desk has no in-person control.
	await expect(portal.getByRole('button', { name: /hand over/ })).toHaveCount(0);

	const sent = page.waitForResponse((r) => r.url().includes('?/invite'));
	await portal.getByRole('button', { name: 'Send invitation by email' }).click();
	expect(await (await sent).text()).not.toMatch(LINK);
	await expect(portal.getByText('Invitation sent by email to noor@example.test')).toBeVisible();
	await expect(portal.getByLabel('Invitation link')).toHaveCount(0);

	const first = await nthMailTo(sink, 'noor@example.test', 1);
	const name = clinicName(app);
	// In the clinic's name, with no health detail: not the concern, nor any treatment word.
	expect(first.parsed.from?.value[0].name).toBe(name);
	expect(first.parsed.subject).toContain(name);
	expect(first.parsed.text).toContain('Hello Noor,');
	const words = `${first.parsed.subject}\n${first.parsed.text}\n${first.parsed.html || ''}`;
	expect(words).not.toMatch(/acne|scar|pigment|wrinkle|microneedl|treatment|needle|diagnos/i);
	const firstLink = linkIn(first.parsed, `${app.baseURL}/invite/`);

	// The page says where it went and what the mail server answered.
	await expect
		.poll(() =>
			app.db.$client
				.prepare("select status from mail_message where to_address = 'noor@example.test'")
				.pluck()
				.get()
		)
		.toBe('sent');
	await page.reload();
	await expect(portal.getByText(/Invitation sent to noor@example\.test on/)).toBeVisible();
	await expect(portal.getByText('Sent', { exact: true })).toBeVisible();

	// Sending again replaces the first link at once.
	await portal.getByRole('button', { name: 'Send again to Noor Rahman' }).click();
	await expect(portal.getByText('Any earlier link no longer works')).toBeVisible();
	expect((await fetch(firstLink)).status).toBe(404);
	const second = await nthMailTo(sink, 'noor@example.test', 2);
	const link = linkIn(second.parsed, `${app.baseURL}/invite/`);
	expect(link).not.toBe(firstLink);

	const fresh = await browser.newContext();
	const patient = await fresh.newPage();
	await patient.goto(link);
	await patient.getByLabel('New password').fill('noor-password-1');
	await patient.getByLabel('Password again').fill('noor-password-1');
	await patient.getByRole('button', { name: 'Set password' }).click();
	await expect(patient).toHaveURL(/\/me$/);
	await expect(patient.getByRole('heading', { name: 'Hello, Noor' })).toBeVisible();
	expect((await fetch(link)).status).toBe(404);
	for (const c of [desk, fresh]) {
		await c.close();
	}
});

test('a clinician may show the link and QR in person; front desk has no such control and is refused', async ({
	mail: { app, sink },
	browser
}) => {
	const p = app.db.$client
		.prepare(
			`select p.id, p.display_name as name from patient p join clinic c on c.id = p.clinic_id
			 where c.slug = 'demo' and p.user_id is null and p.archived_at is null order by p.display_name limit 1`
		)
		.get() as { id: string; name: string };
	app.db.$client
		.prepare('update patient set email = ? where id = ?')
		.run('chair@example.test', p.id);

	const { context: clinic, page } = await signedInPage(browser, app, 'clinician@demo.test');
	await gotoHydrated(page, `${app.baseURL}/clinic/patients/${p.id}`);
	const portal = page.getByRole('region', { name: 'Patient portal' });
	await portal.getByRole('button', { name: 'Show a link to hand over in person' }).click();
	await expect(portal.getByLabel('Invitation link', { exact: true })).toHaveValue(LINK);
	await expect(portal.getByRole('img', { name: /QR code/ })).toBeVisible();
	await expect(portal.getByText(/Link handed over in person by/)).toBeVisible();

	const { context: desk, page: deskPage } = await signedInPage(browser, app, 'frontdesk@demo.test');
	await gotoHydrated(deskPage, `${app.baseURL}/clinic/patients/${p.id}`);
	const deskPortal = deskPage.getByRole('region', { name: 'Patient portal' });
	await expect(deskPortal.getByText(/Link handed over in person by/)).toBeVisible();
	await expect(deskPortal.getByRole('button', { name: /hand over/ })).toHaveCount(0);
	const before = app.db.$client.prepare('select count(*) from invitation').pluck().get();
	const crafted = await desk.request.post(`${app.baseURL}/clinic/patients/${p.id}?/handOver`, {
		form: {},
		headers: { origin: app.baseURL, accept: 'application/json', 'x-sveltekit-action': 'true' },
		maxRedirects: 0
	});
	expect([403, 404]).toContain(crafted.status());
	expect(await crafted.text()).not.toMatch(LINK);
	expect(app.db.$client.prepare('select count(*) from invitation').pluck().get()).toBe(before);
	// nothing in person is mailed
	expect(sink.to('chair@example.test')).toEqual([]);
	for (const c of [clinic, desk]) {
		await c.close();
	}
});

test('the owner invites a front desk member by email; they accept from the mail and are signed in as front desk', async ({
	mail: { app, sink },
	browser
}) => {
	const { context: own, page } = await signedInPage(browser, app, 'owner@demo.test');
	await gotoHydrated(page, `${app.baseURL}/clinic/staff`);
	await page.getByLabel('Name', { exact: true }).fill('Rosa Diaz');
	await page.getByLabel('Email').fill('rosa@example.test');
	await page.getByLabel('Role').selectOption('frontdesk');
	await page.getByRole('button', { name: 'Send invitation by email' }).click();
	await expect(page.getByText('Invitation sent by email to rosa@example.test')).toBeVisible();
	await expect(page.getByLabel('Invitation link')).toHaveCount(0);
	await expect(page.getByText(/Invitation sent to rosa@example\.test on/)).toBeVisible();

	const mail = await nthMailTo(sink, 'rosa@example.test', 1);
	expect(mail.parsed.from?.value[0].name).toBe(clinicName(app));
	expect(mail.parsed.text).toContain('Hello Rosa,');
	expect(mail.parsed.text).toContain(`join ${clinicName(app)} as front desk staff`);
	const link = linkIn(mail.parsed, `${app.baseURL}/invite/`);

	const fresh = await browser.newContext();
	const rosa = await fresh.newPage();
	await rosa.goto(link);
	await expect(rosa.getByRole('heading', { name: 'Welcome, Rosa Diaz' })).toBeVisible();
	await rosa.getByLabel('New password').fill('rosa-password-1');
	await rosa.getByLabel('Password again').fill('rosa-password-1');
	await rosa.getByRole('button', { name: 'Set password' }).click();
	await expect(rosa).toHaveURL(/\/clinic$/);
	// signed in with front desk's rights: the team page is the owner's
	expect((await rosa.request.get(`${app.baseURL}/clinic/staff`)).status()).toBe(404);
	expect((await rosa.request.get(`${app.baseURL}/clinic/invitations`)).status()).toBe(200);
	expect(
		app.db.$client.prepare("select role from user where email = 'rosa@example.test'").pluck().get()
	).toBe('frontdesk');
	for (const c of [own, fresh]) {
		await c.close();
	}
});
