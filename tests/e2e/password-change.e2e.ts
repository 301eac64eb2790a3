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

test('wrong current passwords are throttled and audited like sign-in', async ({
	demo,
	page,
	context,
	request
}) => {
	await demo.signInAs(context, 'clinician@demo.test');
	const change = (current: string) =>
		page.request.post(demo.baseURL + '/account/password', {
			form: { current, password: 'a-brand-new-password', confirm: 'a-brand-new-password' },
			headers: { origin: demo.baseURL, accept: 'text/html' },
			maxRedirects: 0
		});
	const statuses: number[] = [];
	for (let i = 0; i < 5; i++) {
		statuses.push((await change(`wrong-guess-${i}-password`)).status());
	}
	expect(statuses).toEqual([400, 400, 400, 400, 400]);

	// Locked now (for 30 s, so the steps below come first): even the right current password is
	// refused, on the page and with the wait in the answer.
	await page.goto(demo.baseURL + '/account/password');
	await page.getByLabel('Current password').fill('demo-password');
	await page.getByLabel('New password', { exact: true }).fill('a-brand-new-password');
	await page.getByLabel('New password again').fill('a-brand-new-password');
	await page.getByRole('button', { name: 'Change password' }).click();
	await expect(page.getByRole('alert')).toContainText('Too many attempts');

	expect((await change('wrong-guess-5-password')).status()).toBe(429);
	const locked = await change('demo-password');
	expect(locked.status()).toBe(429);
	expect(Number(locked.headers()['retry-after'])).toBeGreaterThan(0);
	expect(await locked.text()).toMatch(/Too many attempts\. Try again in \d+ seconds\./);

	// It is the sign-in throttle: the sign-in form for this account is locked too (asked from
	// a cookie-less client: a signed-in one is sent on by the page's load either way).
	const signIn = await request.post(demo.baseURL + '/login', {
		form: { email: 'clinician@demo.test', password: 'demo-password' },
		headers: { origin: demo.baseURL, accept: 'text/html' },
		maxRedirects: 0
	});
	expect(signIn.status()).toBe(429);

	const failures = demo.db.$client
		.prepare(
			"select detail from audit_event where action = 'password_change' and ok = 0 order by at"
		)
		.all() as { detail: string | null }[];
	expect(failures).toHaveLength(8);
	expect(failures.filter((f) => f.detail?.includes('throttled'))).toHaveLength(3);
	const changed = demo.db.$client
		.prepare("select count(*) as n from audit_event where action = 'password_change' and ok = 1")
		.get() as { n: number };
	expect(changed.n).toBe(0);
});
