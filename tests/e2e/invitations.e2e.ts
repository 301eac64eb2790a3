import { test, expect, gotoHydrated } from './app';

test('the owner invites a clinician, who sets a password and lands in the workspace', async ({
	demo,
	page,
	context,
	browser
}) => {
	await demo.signInAs(context, 'owner@demo.test');
	await page.goto(demo.baseURL + '/clinic/staff');
	await page.getByLabel('Name', { exact: true }).fill('Lena Park');
	await page.getByLabel('Email').fill('lena@demo.test');
	await page.getByLabel('Role').selectOption('clinician');
	await page.getByRole('button', { name: 'Create invitation link' }).click();
	const link = await page.getByLabel('Invitation link', { exact: true }).inputValue();
	expect(link).toMatch(/\/invite\/[a-z2-7]{32}\.[a-z2-7]{32}$/);
	await expect(page.getByRole('img', { name: /QR code/ })).toBeVisible();

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

test('front desk creates a patient and asks for an invitation; a clinician issues it; the patient reaches their timeline', async ({
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
	const patientUrl = page.url();

	const portal = page.getByRole('region', { name: 'Patient portal' });
	await expect(portal.getByText('noor@example.test')).toBeVisible();
	await portal.getByRole('button', { name: 'Ask for an invitation' }).click();
	await expect(portal.getByText('Invitation requested.')).toBeVisible();
	await expect(portal.getByLabel('Invitation link')).toHaveCount(0);

	// The clinician confirms on the patient's page and hands the link over.
	const clinic = await browser.newContext();
	await demo.signInAs(clinic, 'clinician@demo.test');
	const clinician = await clinic.newPage();
	await gotoHydrated(clinician, patientUrl);
	const theirPortal = clinician.getByRole('region', { name: 'Patient portal' });
	await expect(theirPortal.getByText('asked for by Sam Ortega')).toBeVisible();
	await theirPortal.getByRole('button', { name: 'Confirm and issue link for Noor Rahman' }).click();
	const link = await theirPortal.getByLabel('Invitation link', { exact: true }).inputValue();
	await clinic.close();

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
