import { test, expect, gotoHydrated } from './app';
import { signedInPage } from './clinic-steps';

test('the owner ends a clinician’s access: signed out at once, refused at sign-in, restored later', async ({
	demo,
	browser
}) => {
	const { context: clinician, page: clinicianPage } = await signedInPage(
		browser,
		demo,
		'clinician@demo.test'
	);
	await clinicianPage.goto(`${demo.baseURL}/clinic`);
	await expect(clinicianPage).toHaveURL(/\/clinic$/);

	const { context: owner, page } = await signedInPage(browser, demo, 'owner@demo.test');
	await gotoHydrated(page, `${demo.baseURL}/clinic/staff`);
	const row = page.getByRole('row', { name: /clinician@demo\.test/ });
	await row.getByRole('button', { name: /End access for/ }).click();
	// the team's own live region: the owner's pages also carry the mail banner (role=status)
	const team = page.getByRole('region', { name: 'Your team' });
	await expect(team.getByRole('status')).toContainText('can no longer sign in');
	await expect(row.getByText('No access')).toBeVisible();
	// the owner's own row has no button
	await expect(page.getByRole('row', { name: /owner@demo\.test/ }).getByRole('button')).toHaveCount(
		0
	);

	// the clinician's open session is gone: the next request goes to sign-in
	await clinicianPage.reload();
	await expect(clinicianPage).toHaveURL(/\/login/);
	const signIn = await clinician.request.post(`${demo.baseURL}/login`, {
		headers: { origin: demo.baseURL, accept: 'text/html' },
		form: { email: 'clinician@demo.test', password: 'demo-password' },
		maxRedirects: 0
	});
	expect(signIn.status()).not.toBe(303);

	await row.getByRole('button', { name: 'Restore access' }).click();
	await expect(team.getByRole('status')).toContainText('can sign in again');
	const again = await clinician.request.post(`${demo.baseURL}/login`, {
		headers: { origin: demo.baseURL, accept: 'text/html' },
		form: { email: 'clinician@demo.test', password: 'demo-password' },
		maxRedirects: 0
	});
	expect(again.status()).toBe(303);
	await owner.close();
	await clinician.close();
});
