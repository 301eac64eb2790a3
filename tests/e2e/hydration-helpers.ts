import { expect, type Page } from '@playwright/test';

// The server-rendered page can be used before its JavaScript arrives (a slow phone, a slow
// network). The pre-hydration tests hold the app's scripts back, make a choice in that page,
// then let the scripts through: hydration must neither undo the choice nor ignore it.

/** Opens `url` with the app's scripts held back; the returned function lets them through and
 * waits until the page has hydrated. A page served without the app's client (`csr = false`,
 * the public gallery) has only its own small script to let through: nothing hydrates. */
export async function gotoBeforeHydration(page: Page, url: string, { csr = true } = {}) {
	const held: (() => Promise<void>)[] = [];
	let holding = true;
	await page.route(/\/_app\/immutable\/.*\.js$/, async (route) => {
		if (holding) {
			held.push(() => route.continue());
		} else {
			await route.continue();
		}
	});
	await page.goto(url, { waitUntil: 'domcontentloaded' });
	expect(await page.locator('html[data-hydrated]').count(), 'not hydrated yet').toBe(0);
	return async () => {
		holding = false;
		await Promise.all(held.splice(0).map((go) => go()));
		if (csr) {
			await page.locator('html[data-hydrated]').waitFor({ state: 'attached' });
		}
	};
}
