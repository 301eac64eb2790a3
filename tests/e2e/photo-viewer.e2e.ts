import { and, asc, eq } from 'drizzle-orm';
import { test, expect, gotoHydrated } from './app';
import { seriousViolations as violations } from './axe';
import { jordanOf, patientNamed, sessionsOf } from './demo-records';
import { photo } from '../../src/lib/server/db/schema';

test('a clinician opens a thumbnail in the viewer: full size, zoom, arrows, Esc back to the thumbnail', async ({
	demo,
	page,
	context
}) => {
	const p = patientNamed(demo, 'Sofia Rossi');
	await demo.signInAs(context, 'clinician@demo.test');
	await gotoHydrated(page, `${demo.baseURL}/clinic/patients/${p.id}`);
	const thumb = page.locator('.grid-photos a').first();
	const href = await thumb.getAttribute('href');
	expect(href).toMatch(/^\/media\/private\/[^/]+\/full\.jpg$/);
	await thumb.click();

	const viewer = page.getByRole('dialog');
	await expect(viewer).toBeVisible();
	// the date and view in words, and the photo at full resolution
	// (and a kept capture warning, when the alignment job raised one: the 240 px e2e photos'
	// faded scars read as softer focus)
	await expect(viewer.locator('.caption strong')).toHaveText(
		/^Front · \d+ \w+ \d{4} · Session 5( · [\w, ]+ against the first photo)?$/
	);
	const img = viewer.locator('img');
	await expect(img).toHaveAttribute('src', href!);
	await expect.poll(() => img.evaluate((i: HTMLImageElement) => i.naturalWidth)).toBeGreaterThan(0);
	expect(await violations(page)).toEqual([]);

	// zoom: keys and buttons
	await page.keyboard.press('+');
	await expect(viewer.getByText('150%')).toBeVisible();
	await viewer.getByRole('button', { name: 'Zoom in' }).click();
	await expect(viewer.getByText('225%')).toBeVisible();
	await page.keyboard.press('-');
	await expect(viewer.getByText('150%')).toBeVisible();
	await page.mouse.move(640, 400);
	await page.mouse.wheel(0, 400);
	await expect(viewer.getByText('100%')).toBeVisible();

	// the next photo, then back; a comparison can start here
	await page.keyboard.press('ArrowRight');
	await expect(viewer.locator('.caption strong')).toHaveText(/^Left 45° · /);
	await page.keyboard.press('ArrowLeft');
	await expect(viewer.locator('.caption strong')).toHaveText(/^Front · /);
	await expect(viewer.getByRole('link', { name: 'Compare with…' })).toHaveAttribute(
		'href',
		/\/compare\?course=.+&a=/
	);

	// focus stays inside while open, and returns to the thumbnail on Esc
	for (let i = 0; i < 8; i++) {
		await page.keyboard.press('Tab');
		expect(await page.evaluate(() => !!document.activeElement?.closest('dialog'))).toBe(true);
	}
	await page.keyboard.press('Escape');
	await expect(viewer).toBeHidden();
	await expect(thumb).toBeFocused();
});

test('a patient opens their latest photo on a phone, large enough to see skin, and swipes to the next', async ({
	demo,
	browser
}) => {
	const jordan = jordanOf(demo);
	const ready = demo.db
		.select()
		.from(photo)
		.where(and(eq(photo.patientId, jordan.id), eq(photo.status, 'ready')))
		.orderBy(asc(photo.takenOn))
		.all();
	expect(ready.length).toBeGreaterThan(1);
	const phone = await browser.newContext({
		viewport: { width: 360, height: 740 },
		hasTouch: true,
		isMobile: true
	});
	await demo.signInAs(phone, 'patient@demo.test');
	const page = await phone.newPage();
	await gotoHydrated(page, `${demo.baseURL}/me`);
	// the latest session comes first, its photos the content's width
	const latest = sessionsOf(demo, jordan.id).length;
	const thumb = page.locator('.views a').first();
	expect((await thumb.boundingBox())!.width).toBeGreaterThanOrEqual(300);
	// the row scrolls inside itself; the page never scrolls sideways
	expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
	await thumb.tap();

	const viewer = page.getByRole('dialog');
	await expect(viewer).toBeVisible();
	const caption = viewer.locator('.caption strong');
	await expect(caption).toHaveText(new RegExp(`^Front · \\d+ \\w+ \\d{4} · Session ${latest}$`));
	const first = await caption.textContent();

	// a swipe to the left is the next photo
	const stage = (await viewer.locator('.stage').boundingBox())!;
	const y = stage.y + stage.height / 2;
	const touch = await phone.newCDPSession(page);
	const at = (f: number) => [{ x: stage.x + stage.width * f, y }];
	await touch.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: at(0.8) });
	for (const f of [0.7, 0.6, 0.5, 0.4, 0.3, 0.2]) {
		await touch.send('Input.dispatchTouchEvent', { type: 'touchMove', touchPoints: at(f) });
	}
	await touch.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
	await expect(caption).not.toHaveText(first!);
	await expect(caption).toHaveText(new RegExp(` · Session ${latest}$`));
	expect(await violations(page)).toEqual([]);
	await viewer.getByRole('button', { name: 'Close the viewer' }).click();
	await expect(viewer).toBeHidden();
	await phone.close();
});
