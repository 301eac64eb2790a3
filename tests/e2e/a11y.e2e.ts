import { test, expect } from './app';
import { seriousViolations as violations } from './axe';
import { findRoutes } from './access/routes';
import { PAGES, VIEWERS, pageIds, prepareViewer, visitsByViewer } from './access/pages';

test('every page under src/routes is in the page-wide checks', () => {
	const pages = findRoutes()
		.filter((r) => r.page)
		.map((r) => r.id);
	expect(pages, 'pages in src/routes vs. tests/e2e/access/pages.ts').toEqual(
		Object.keys(PAGES).sort()
	);
});

// One test per viewer and theme, so the two workers share the pages. The dark theme follows the
// device, so every page is checked in both (contrast above all).
for (const [viewer, colorScheme] of VIEWERS.flatMap((v) =>
	(['light', 'dark'] as const).map((s) => [v, s] as const)
)) {
	test(`no page ${viewer} opens has serious or critical accessibility or CSP violations (${colorScheme})`, async ({
		demo,
		browser
	}) => {
		test.setTimeout(180_000);
		const ids = pageIds(demo);
		const urls = visitsByViewer(ids).get(viewer) ?? [];
		expect(urls.length).toBeGreaterThan(0);
		const context = await browser.newContext({ colorScheme });
		await prepareViewer(demo, context, viewer, ids);
		const page = await context.newPage();
		// Anything our own markup does that the CSP blocks (an inline handler, say) shows up here.
		const cspErrors: string[] = [];
		page.on('console', (m) => {
			if (m.text().includes('Content Security Policy')) {
				cspErrors.push(`${page.url()}: ${m.text().slice(0, 120)}`);
			}
		});
		for (const path of urls) {
			await page.goto(demo.baseURL + path);
			await page.waitForLoadState('networkidle');
			// open every disclosure so the forms inside are checked too
			await page.evaluate(() =>
				document.querySelectorAll('details').forEach((d) => (d.open = true))
			);
			expect(await violations(page), path).toEqual([]);
		}
		expect(cspErrors).toEqual([]);
		await context.close();
	});
}
