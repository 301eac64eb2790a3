import { test, expect } from './app';

test('the patient sees where their skin is in the healing window', async ({
	demo,
	page,
	context
}) => {
	// Jordan's four sessions are done; the last was about twelve weeks ago (demo seed).
	await demo.signInAs(context, 'patient@demo.test');
	await page.goto(`${demo.baseURL}/me`);
	await expect(page.getByRole('heading', { name: 'Collagen remodelling' })).toBeVisible();
	await expect(page.getByText(/Day \d+ since your last session/)).toBeVisible();
	await expect(page.getByText(/Results keep building for months/)).toBeVisible();
	await expect(page.getByRole('progressbar', { name: 'Through the results window' })).toBeVisible();
	await expect(page.getByText('Next session due')).toHaveCount(0);
});
