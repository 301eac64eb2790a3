import { eq } from 'drizzle-orm';
import { test, expect, gotoHydrated } from './app';
import { openAs, openPatient, signedInPage } from './clinic-steps';
import { patientNamed } from './demo-records';
import { patient } from '../../src/lib/server/db/schema';

test('the patient list filters by name, concern, open course and photo consent, in the URL', async ({
	demo,
	page,
	context
}) => {
	await openAs(demo, context, page, 'frontdesk@demo.test', '/clinic/patients');
	await page.getByLabel('Concern').selectOption('acne_scars');
	await page.getByRole('button', { name: 'Filter' }).click();
	await expect(page).toHaveURL(/concern=acne_scars/);
	const names = page.locator('tbody tr td:first-child');
	await expect(names).toHaveText([
		'Diego Alvarez',
		'Jordan Avery',
		'Kwame Mensah',
		'Lucas Ferreira',
		'Omar Haddad'
	]);

	await page.goto(`${demo.baseURL}/clinic/patients?consent=revoked`);
	await expect(names).toHaveText(["Grace O'Neill"]);
	await page.goto(`${demo.baseURL}/clinic/patients?concern=acne_scars&course=none`);
	await expect(names).toHaveText(['Diego Alvarez', 'Jordan Avery']);
	await page.goto(`${demo.baseURL}/clinic/patients?q=%25`);
	await expect(page.getByText('No patient matches these filters.')).toBeVisible();
});

test('staff edit a patient’s details and archive them; archived patients leave the list', async ({
	demo,
	page,
	context
}) => {
	const p = await openPatient(demo, context, page, 'frontdesk@demo.test', 'Chloe Martin');
	await page.locator('summary', { hasText: 'Edit details' }).click();
	await page.getByLabel('Birth year').fill('1999');
	await page.getByLabel('Fine lines').check();
	await page.getByRole('button', { name: 'Save details' }).click();
	await expect(page.getByText('born 1999')).toBeVisible();
	expect(demo.db.select().from(patient).where(eq(patient.id, p.id)).get()?.concerns).toEqual([
		'fine_lines',
		'texture'
	]);

	await page.getByRole('button', { name: 'Archive patient' }).click();
	await expect(page.getByText(/Archived on/)).toBeVisible();
	await page.goto(`${demo.baseURL}/clinic/patients`);
	await expect(page.getByText('Chloe Martin')).toHaveCount(0);
	await page.goto(`${demo.baseURL}/clinic/patients?archived=1`);
	await expect(page.getByText('Chloe Martin')).toBeVisible();
});

test('the owner sets depth presets that the session form then suggests', async ({
	demo,
	page,
	context,
	browser
}) => {
	await openAs(demo, context, page, 'owner@demo.test', '/clinic/settings');
	await page.getByLabel('Cheeks').fill('1.75');
	await page.getByLabel(/Book a consultation/).fill('ftp://clinic.example/book');
	await page.getByRole('button', { name: 'Save settings' }).click();
	// the settings page has two forms now (settings, and the logo's own), each with its alert
	await expect(page.getByRole('alert').filter({ hasText: 'web address' })).toBeVisible();
	await page.getByLabel(/Book a consultation/).fill('https://clinic.example/book');
	await page.getByRole('button', { name: 'Save settings' }).click();
	await expect(page.getByText('Settings saved.')).toBeVisible();

	const p = patientNamed(demo, 'Lucas Ferreira');
	const { context: clinician, page: cp } = await signedInPage(browser, demo, 'clinician@demo.test');
	await gotoHydrated(cp, `${demo.baseURL}/clinic/patients/${p.id}`);
	await cp.locator('summary', { hasText: /Log session/ }).click();
	await expect(cp.getByRole('spinbutton', { name: 'Cheeks' })).toHaveValue('1.75');
	expect((await clinician.request.get(`${demo.baseURL}/clinic/settings`)).status()).toBe(404);
	await clinician.close();
});
