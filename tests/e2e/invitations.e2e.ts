import { test, expect, gotoHydrated } from './app';
import { linkIn } from '../support/smtp-sink';
import { waitForEml } from './mail-steps';

test('the owner hands a clinician a link in person; they set a password and land in the workspace', async ({
	demo,
	page,
	context,
	browser
}) => {
	await demo.signInAs(context, 'owner@demo.test');
	await gotoHydrated(page, demo.baseURL + '/clinic/staff');
	await page.getByLabel('Name', { exact: true }).fill('Lena Park');
	await page.getByLabel('Email').fill('lena@demo.test');
	await page.getByLabel('Role').selectOption('clinician');
	await page.getByRole('button', { name: 'Show a link to hand over in person' }).click();
	const link = await page.getByLabel('Invitation link', { exact: true }).inputValue();
	expect(link).toMatch(/\/invite\/[a-z2-7]{32}\.[a-z2-7]{32}$/);
	await expect(page.getByRole('img', { name: /QR code/ })).toBeVisible();
	// nothing was mailed: the owner holds the only copy
	expect(
		demo.db.$client
			.prepare("select count(*) from mail_message where kind = 'staff_invitation'")
			.pluck()
			.get()
	).toBe(0);

	const other = await browser.newContext();
	const invitee = await other.newPage();
	await invitee.goto(link);
	await expect(invitee.getByRole('heading', { name: 'Welcome, Lena Park' })).toBeVisible();
	await invitee.getByLabel('New password').fill('lena-password-1');
	await invitee.getByLabel('Password again').fill('lena-password-1');
	await invitee.getByRole('button', { name: 'Set password' }).click();
	await expect(invitee).toHaveURL(/\/clinic$/);

	// Single use.
	expect((await invitee.request.get(link)).status()).toBe(404);
	await other.close();
});

test('front desk creates a patient and sends the invitation by email; the patient follows the mailed link to their timeline', async ({
	demo,
	page,
	context,
	browser
}) => {
	await demo.signInAs(context, 'frontdesk@demo.test');
	await gotoHydrated(page, demo.baseURL + '/clinic/patients?new=1');
	await page.getByLabel('Name', { exact: true }).fill('Noor Rahman');
	await page.getByLabel('Email').fill('noor@example.test');
	await page.getByLabel('Fitzpatrick skin type').selectOption('4');
	await page.getByLabel('Acne scars').check();
	await page.getByRole('button', { name: 'Create patient' }).click();
	await expect(page.getByRole('heading', { name: 'Noor Rahman' })).toBeVisible();

	const portal = page.getByRole('region', { name: 'Patient portal' });
	await expect(portal.getByText('noor@example.test')).toBeVisible();
	await portal.getByRole('button', { name: 'Send invitation by email' }).click();
	await expect(portal.getByText('Invitation sent by email to noor@example.test')).toBeVisible();
	await expect(portal.getByLabel('Invitation link')).toHaveCount(0);

	// Without SMTP_URL the message is an .eml file in the data folder's mail/.
	const [mail] = await waitForEml(demo, 'noor@example.test');
	const link = linkIn(mail, `${demo.baseURL}/invite/`);
	await page.reload();
	await expect(portal.getByText(/Invitation sent to noor@example\.test on/)).toBeVisible();

	const other = await browser.newContext();
	const patientPage = await other.newPage();
	await patientPage.goto(link);
	await patientPage.getByLabel('New password').fill('noor-password-1');
	await patientPage.getByLabel('Password again').fill('noor-password-2');
	await patientPage.getByRole('button', { name: 'Set password' }).click();
	await expect(patientPage.getByRole('alert')).toContainText('do not match');
	await patientPage.getByLabel('New password').fill('noor-password-1');
	await patientPage.getByLabel('Password again').fill('noor-password-1');
	await patientPage.getByRole('button', { name: 'Set password' }).click();
	await expect(patientPage).toHaveURL(/\/me$/);
	await expect(patientPage.getByRole('heading', { name: 'Hello, Noor' })).toBeVisible();
	await other.close();

	await page.reload();
	await expect(portal.getByText('Signed up')).toBeVisible();
});

test('a made-up or tampered invitation link answers 404', async ({ demo, request }) => {
	const fake = 'a'.repeat(32) + '.' + 'b'.repeat(32);
	expect((await request.get(`${demo.baseURL}/invite/${fake}`)).status()).toBe(404);
	expect((await request.get(`${demo.baseURL}/invite/nonsense`)).status()).toBe(404);
});
