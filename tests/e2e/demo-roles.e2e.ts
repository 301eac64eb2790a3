import { test, expect } from './app';

const ROLES = [
	{ email: 'owner@demo.test', home: '/clinic', heading: /Good to see you, Helen/, nav: 'Staff' },
	{
		email: 'clinician@demo.test',
		home: '/clinic',
		heading: /Good to see you, Dr Nair$/,
		nav: 'Patients'
	},
	{
		email: 'frontdesk@demo.test',
		home: '/clinic',
		heading: /Good to see you, Sam/,
		nav: 'Patients'
	},
	{ email: 'patient@demo.test', home: '/me', heading: /Hello, Jordan/, nav: 'My results' }
];

for (const role of ROLES) {
	test(`${role.email} signs in and lands on their home page`, async ({ demo, page }) => {
		await page.goto(demo.baseURL + '/login');
		await page.getByLabel('Email').fill(role.email);
		await page.getByLabel('Password').fill('demo-password');
		await page.getByRole('button', { name: 'Sign in' }).click();
		await expect(page).toHaveURL(new RegExp(`${role.home}$`));
		await expect(page.getByRole('heading', { level: 1 })).toHaveText(role.heading);
		await expect(
			page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: role.nav })
		).toBeVisible();
	});
}

test('only the owner sees the Staff page', async ({ demo, page, context }) => {
	await demo.signInAs(context, 'clinician@demo.test');
	await page.goto(demo.baseURL + '/clinic');
	await expect(page.getByRole('link', { name: 'Staff' })).toHaveCount(0);
	expect((await page.request.get(demo.baseURL + '/clinic/staff')).status()).toBe(404);
});
