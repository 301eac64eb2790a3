import { test, expect } from './app';
import { jordanOf } from './demo-records';

test('the owner browses and filters the audit log; others cannot open it', async ({
	demo,
	page,
	context,
	browser
}) => {
	// A refused sign-in and a look at a patient's photos, both recorded.
	const refused = await page.request.post(`${demo.baseURL}/login`, {
		form: { email: 'clinician@demo.test', password: 'not-it-at-all' },
		headers: { origin: demo.baseURL, accept: 'text/html' }
	});
	expect(refused.status()).toBe(400);
	const clinician = await browser.newContext();
	await demo.signInAs(clinician, 'clinician@demo.test');
	const jordan = jordanOf(demo);
	const view = await clinician.request.get(`${demo.baseURL}/clinic/patients/${jordan.id}`);
	expect(view.status()).toBe(200);
	expect((await clinician.request.get(`${demo.baseURL}/clinic/audit`)).status()).toBe(404);
	await clinician.close();

	await demo.signInAs(context, 'owner@demo.test');
	await page.goto(`${demo.baseURL}/clinic`);
	await page.getByRole('link', { name: 'Audit' }).click();
	await expect(page.getByRole('heading', { name: 'Audit log' })).toBeVisible();
	await page.getByLabel('Outcome').selectOption('no');
	await page.getByRole('button', { name: 'Filter' }).click();
	const rows = page.locator('tbody tr');
	await expect(rows).toHaveCount(1);
	await expect(rows.first()).toContainText('sign in (bad credentials)');
	await expect(rows.first()).toContainText('Dr Priya Nair');

	await page.goto(`${demo.baseURL}/clinic/audit?action=photo_view`);
	await expect(rows.first()).toContainText('photo view');
	// the target in words, linked to the patient's page, not a raw id
	const target = rows.first().getByRole('link', { name: jordan.displayName });
	await expect(target).toHaveAttribute('href', `/clinic/patients/${jordan.id}`);
	await expect(rows.first()).not.toContainText(jordan.id.slice(0, 8));
});
