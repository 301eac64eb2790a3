import { test, expect } from './app';
import { seriousViolations as violations } from './axe';
import { findRoutes } from './access/routes';
import { PAGES, VIEWERS, pageIds, prepareViewer, type PageVisit } from './access/pages';

test('every page under src/routes is in the page-wide checks', () => {
	const pages = findRoutes()
		.filter((r) => r.page)
		.map((r) => r.id);
	expect(pages, 'pages in src/routes vs. tests/e2e/access/pages.ts').toEqual(
		Object.keys(PAGES).sort()
	);
});

// One test per viewer, theme and group of pages, so the two workers share the pages and no test
// holds more than a group's worth of axe scans: the owner's pages in one test ran past
// three minutes on a loaded 2-core machine. The dark theme follows the device, so every page is
// checked in both (contrast above all).
const PAGES_PER_TEST = 10;
const groups = VIEWERS.flatMap((viewer) => {
	const count = Math.ceil(visitsOf(viewer).length / PAGES_PER_TEST);
	return Array.from({ length: count }, (_, i) => ({ viewer, part: i + 1, count }));
});
for (const [{ viewer, part, count }, colorScheme] of groups.flatMap((g) =>
	(['light', 'dark'] as const).map((s) => [g, s] as const)
)) {
	test(`no page ${viewer} opens has serious or critical accessibility or CSP violations (${colorScheme}, pages ${part} of ${count})`, async ({
		demo,
		browser
	}) => {
		test.setTimeout(180_000);
		const ids = pageIds(demo);
		const urls = visitsOf(viewer)
			.slice((part - 1) * PAGES_PER_TEST, part * PAGES_PER_TEST)
			.flatMap((v) => v.urls(ids));
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

/** The viewer's pages, in PAGES order. */
function visitsOf(viewer: (typeof VIEWERS)[number]): PageVisit[] {
	return Object.values(PAGES).filter((v): v is PageVisit => !('skip' in v) && v.as === viewer);
}
