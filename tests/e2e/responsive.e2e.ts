import { eq } from 'drizzle-orm';
import { test, expect } from './app';
import { patient } from '../../src/lib/server/db/schema';

/** How far the page is wider than the phone's screen (0 = no sideways scrolling). */
async function overflow(page: import('@playwright/test').Page): Promise<number> {
	return page.evaluate(
		() => document.documentElement.scrollWidth - document.documentElement.clientWidth
	);
}

test.use({ viewport: { width: 360, height: 780 } });

test('no page scrolls sideways on a 360 px phone', async ({ demo, browser }) => {
	const jordan = demo.db
		.select()
		.from(patient)
		.where(eq(patient.email, 'patient@demo.test'))
		.get()!;
	const visits: [string, string[]][] = [
		[
			'owner@demo.test',
			[
				'/clinic',
				'/clinic/patients',
				'/clinic/patients?new=1',
				`/clinic/patients/${jordan.id}`,
				'/clinic/staff',
				'/clinic/invitations',
				'/clinic/integrations',
				'/clinic/audit',
				'/clinic/settings',
				'/account/password'
			]
		],
		['patient@demo.test', ['/me', '/me/compare', '/me/compare?mode=side']]
	];
	for (const [email, paths] of visits) {
		const context = await browser.newContext({ viewport: { width: 360, height: 780 } });
		await demo.signInAs(context, email);
		const page = await context.newPage();
		for (const path of paths) {
			await page.goto(demo.baseURL + path);
			await page.evaluate(() =>
				document.querySelectorAll('details').forEach((d) => (d.open = true))
			);
			expect(await overflow(page), `${email} ${path}`).toBeLessThanOrEqual(0);
		}
		await context.close();
	}
	const page = await browser.newPage({ viewport: { width: 360, height: 780 } });
	await page.goto(demo.baseURL + '/login');
	expect(await overflow(page), '/login').toBeLessThanOrEqual(0);
});
