import { test, expect } from './app';
import { VIEWERS, pageIds, prepareViewer, visitsByViewer } from './access/pages';

/** How far the page is wider than the phone's screen (0 = no sideways scrolling). */
async function overflow(page: import('@playwright/test').Page): Promise<number> {
	return page.evaluate(
		() => document.documentElement.scrollWidth - document.documentElement.clientWidth
	);
}

test.use({ viewport: { width: 360, height: 780 } });

// Every page of src/routes (a11y.e2e.ts fails when one is missing from access/pages.ts), one
// test per viewer so the two workers share them.
for (const viewer of VIEWERS) {
	test(`no page ${viewer} opens scrolls sideways on a 360 px phone`, async ({ demo, browser }) => {
		test.setTimeout(120_000);
		const ids = pageIds(demo);
		const paths = visitsByViewer(ids).get(viewer) ?? [];
		expect(paths.length).toBeGreaterThan(0);
		const context = await browser.newContext({ viewport: { width: 360, height: 780 } });
		await prepareViewer(demo, context, viewer, ids);
		const page = await context.newPage();
		for (const path of paths) {
			await page.goto(demo.baseURL + path);
			await page.evaluate(() =>
				document.querySelectorAll('details').forEach((d) => (d.open = true))
			);
			expect(await overflow(page), path).toBeLessThanOrEqual(0);
		}
		await context.close();
	});
}
