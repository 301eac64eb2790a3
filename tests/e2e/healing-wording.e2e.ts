import { test, expect, gotoHydrated } from './app';
import { signedInPage } from './clinic-steps';

test('the owner rewords a healing phase and the patient reads the clinic’s words', async ({
	demo,
	browser
}) => {
	const { page } = await signedInPage(browser, demo, 'owner@demo.test');
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
	const { page: me } = await signedInPage(browser, demo, 'patient@demo.test');
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
