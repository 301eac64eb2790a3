import { test, expect, gotoHydrated } from './app';
import { seriousViolations as violations } from './axe';
import { courseSessions, firstCourse, jordanOf } from './demo-records';

test('on a phone the healing card comes first, then the latest session’s photos at the content’s width', async ({
	demo,
	browser
}) => {
	const jordan = jordanOf(demo);
	const sessions = courseSessions(demo, firstCourse(demo, jordan.id).id);
	const phone = await browser.newContext({ viewport: { width: 360, height: 740 } });
	await demo.signInAs(phone, 'patient@demo.test');
	const page = await phone.newPage();
	await gotoHydrated(page, `${demo.baseURL}/me`);

	// the healing card is the first thing read after the greeting
	await expect(page.getByRole('heading', { level: 2 }).first()).toHaveText('Collagen remodelling');
	// the latest session heads the photos, and its photos are the first on the page
	const latest = page.getByRole('heading', { level: 3, name: /^Latest: / });
	await expect(latest).toContainText(`Session ${sessions.length} of ${sessions.length}`);
	const first = page.locator('.views img').first();
	await expect(first).toHaveAccessibleName(/^Front view, .*, open full size$/);
	await first.scrollIntoViewIfNeeded();
	await expect
		.poll(() => first.evaluate((i: HTMLImageElement) => i.naturalWidth))
		.toBeGreaterThan(0);
	expect((await first.boundingBox())!.width).toBeGreaterThanOrEqual(300);
	// the `sizes` hint is the box the photo really takes, so a phone picks the variant for
	// that width (the demo's test photos are small, so which file it picks says nothing here)
	const box = (await first.boundingBox())!.width;
	const hinted = await first.evaluate((i: HTMLImageElement) => {
		const sizes = i.parentElement!.querySelector('source')!.getAttribute('sizes')!;
		const probe = document.createElement('div');
		probe.style.width = sizes.match(/^\(max-width: 40rem\) (calc\([^)]*\))/)![1];
		document.body.append(probe);
		const width = probe.getBoundingClientRect().width;
		probe.remove();
		return width;
	});
	expect(Math.abs(hinted - box)).toBeLessThanOrEqual(2);
	expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);

	// earlier sessions wait, newest first, behind one tap
	const earlier = page
		.locator('details')
		.filter({ has: page.locator('summary', { hasText: /^Earlier sessions/ }) });
	await expect(earlier.locator('summary')).toHaveText(`Earlier sessions (${sessions.length - 1})`);
	await expect(earlier.getByRole('heading', { level: 3 }).first()).toBeHidden();
	await earlier.locator('summary').click();
	const labels = await earlier.getByRole('heading', { level: 3 }).allTextContents();
	expect(labels.map((l) => l.match(/Session (\d+)/)![1])).toEqual(
		sessions
			.slice(0, -1)
			.map((_, i) => String(i + 1))
			.reverse()
	);
	expect(await violations(page)).toEqual([]);
	await phone.close();
});

test('each fact of the plan is said once: no second course summary under the progress table', async ({
	demo,
	page,
	context
}) => {
	const jordan = jordanOf(demo);
	const course = firstCourse(demo, jordan.id);
	await demo.signInAs(context, 'patient@demo.test');
	await page.goto(`${demo.baseURL}/me`);
	await expect(page.getByRole('heading', { name: 'Your plan' })).toHaveCount(0);
	const text = (await page.locator('main').innerText()).replace(/\s+/g, ' ');
	const count = (s: string) => text.split(s).length - 1;
	expect(count('4 of 4 sessions done')).toBe(1);
	expect(count(`every ${course.intervalWeeks} weeks`)).toBe(1);
	// grades, ratings and notes are in the progress table only
	await expect(page.getByRole('table', { name: 'Session by session' })).toHaveCount(1);
	// the record's downloads stay
	await expect(page.getByRole('heading', { name: 'Your record' })).toBeVisible();
	await expect(page.getByRole('link', { name: 'Download my photos (20)' })).toBeVisible();
	await expect(page.getByRole('link', { name: 'Download my whole record' })).toBeVisible();
});
