import { test, expect, gotoHydrated } from './app';

test('the owner rewords a healing phase and the patient reads the clinic’s words', async ({
	demo,
	browser
}) => {
	const owner = await browser.newContext();
	await demo.signInAs(owner, 'owner@demo.test');
	const page = await owner.newPage();
	await gotoHydrated(page, `${demo.baseURL}/clinic/settings`);
	await page.getByText('Collagen remodelling', { exact: true }).click();
	await page.locator('#phase-remodelling-title').fill('Collagen is rebuilding');
	await page
		.locator('#phase-remodelling-advice')
		.fill('Come back for your review photos at three months.');
	await page.getByRole('button', { name: 'Save settings' }).click();
	await expect(page.getByText('Settings saved.')).toBeVisible();
	await page.reload();
	await expect(page.locator('summary', { hasText: 'Collagen is rebuilding' })).toContainText(
		'Edited'
	);

	// Jordan's course ended about twelve weeks ago: the remodelling phase.
	const patient = await browser.newContext();
	await demo.signInAs(patient, 'patient@demo.test');
	const me = await patient.newPage();
	await me.goto(`${demo.baseURL}/me`);
	await expect(me.getByRole('heading', { name: 'Collagen is rebuilding' })).toBeVisible();
	await expect(me.getByText('Come back for your review photos at three months.')).toBeVisible();

	// Emptying the fields brings the standard wording back.
	await gotoHydrated(page, `${demo.baseURL}/clinic/settings`);
	await page.getByText('Collagen is rebuilding').click();
	await page.locator('#phase-remodelling-title').fill('');
	await page.locator('#phase-remodelling-advice').fill('');
	await page.getByRole('button', { name: 'Save settings' }).click();
	await expect(page.getByText('Settings saved.')).toBeVisible();
	await me.reload();
	await expect(me.getByRole('heading', { name: 'Collagen remodelling' })).toBeVisible();
});
