import { test, expect } from './app';

test('changing the password ends the other sessions but keeps this one', async ({
	demo,
	page,
	context,
	browser
}) => {
	await demo.signInAs(context, 'clinician@demo.test');
	const phone = await browser.newContext();
	await demo.signInAs(phone, 'clinician@demo.test');
	const phonePage = await phone.newPage();
	await phonePage.goto(demo.baseURL + '/clinic');
	await expect(phonePage).toHaveURL(/\/clinic$/);

	await page.goto(demo.baseURL + '/account/password');
	await page.getByLabel('Current password').fill('demo-password');
	await page.getByLabel('New password', { exact: true }).fill('a-brand-new-password');
	await page.getByLabel('New password again').fill('a-brand-new-password');
	await page.getByRole('button', { name: 'Change password' }).click();
	await expect(page.getByRole('status').getByText('Password changed')).toBeVisible();

	await page.goto(demo.baseURL + '/clinic');
	await expect(page).toHaveURL(/\/clinic$/);
	await phonePage.goto(demo.baseURL + '/clinic');
	await expect(phonePage).toHaveURL(/\/login\?next=%2Fclinic$/);
	await phone.close();
});
