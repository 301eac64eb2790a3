import { test, expect } from './app';

test('eleven wrong passwords in a row: refused, then throttled with Retry-After', async ({
	demo,
	page
}) => {
	const statuses: number[] = [];
	let retryAfter = 0;
	for (let i = 0; i < 11; i++) {
		const res = await page.request.post(demo.baseURL + '/login', {
			form: { email: 'clinician@demo.test', password: `wrong-${i}-password` },
			headers: { origin: demo.baseURL, accept: 'text/html' },
			maxRedirects: 0
		});
		statuses.push(res.status());
		if (res.status() === 429) {
			retryAfter = Number(res.headers()['retry-after']);
		}
	}
	// Five free tries, then every attempt answers 429 while the lock lasts.
	expect(statuses).toEqual([400, 400, 400, 400, 400, 429, 429, 429, 429, 429, 429]);
	expect(retryAfter).toBeGreaterThan(0);

	// Even the right password is refused while locked: a lock that a correct guess lifts would
	// tell the attacker which guess was right.
	await page.goto(demo.baseURL + '/login');
	await page.getByLabel('Email').fill('clinician@demo.test');
	await page.getByLabel('Password').fill('demo-password');
	await page.getByRole('button', { name: 'Sign in' }).click();
	await expect(page.getByRole('alert')).toContainText('Too many attempts');
	await expect(page).toHaveURL(/\/login$/);

	// Another account from the same machine is not locked by this one.
	await page.getByLabel('Email').fill('owner@demo.test');
	await page.getByLabel('Password').fill('demo-password');
	await page.getByRole('button', { name: 'Sign in' }).click();
	await expect(page).toHaveURL(/\/clinic$/);
});

test('the answer never reveals whether an email has an account', async ({ demo, request }) => {
	const attempt = (email: string) =>
		request.post(demo.baseURL + '/login', {
			form: { email, password: 'not-the-password' },
			headers: { origin: demo.baseURL, accept: 'text/html' },
			maxRedirects: 0
		});
	const known = await attempt('owner@demo.test');
	const unknown = await attempt('nobody@demo.test');
	expect(known.status()).toBe(unknown.status());
	const message = (html: string) => html.match(/class="alert alert-error">([^<]*)</)?.[1];
	expect(message(await known.text())).toBeTruthy();
	expect(message(await known.text())).toBe(message(await unknown.text()));
});
