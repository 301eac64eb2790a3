import { and, asc, eq, ne } from 'drizzle-orm';
import { addOtherClinic, givePatientAccount } from './people';
import { mouseDrag, swipe, visibleMiddle } from './touch';
import { test, expect, gotoHydrated, type App } from './app';
import { seriousViolations as violations } from './axe';
import { requestAs } from './clinic-steps';
import { courseSessions, firstCourse, patientNamed } from './demo-records';
import { photo } from '../../src/lib/server/db/schema';
import { daysBetween } from '../../src/lib/domain/schedule';
import { formatDate } from '../../src/lib/format';

/** A patient's course and its ready photos of one view, oldest first. */
function series(demo: App, displayName: string, view: 'front' | 'left45' = 'front') {
	const p = patientNamed(demo, displayName);
	const c = firstCourse(demo, p.id);
	const [first] = courseSessions(demo, c.id);
	const photos = demo.db
		.select()
		.from(photo)
		.where(and(eq(photo.patientId, p.id), eq(photo.view, view), eq(photo.status, 'ready')))
		.orderBy(asc(photo.takenOn))
		.all();
	const label = (ph: (typeof photos)[number]) =>
		`${formatDate(ph.takenOn)} · day ${daysBetween(first.performedOn, ph.takenOn)}`;
	return { patient: p, course: c, photos, label };
}

test('a patient compares first and latest by slider, side by side and fade, and can bookmark it', async ({
	demo,
	page,
	context
}) => {
	const jordan = series(demo, 'Jordan Avery');
	const [first, , third, latest] = jordan.photos;
	expect(jordan.photos).toHaveLength(4);
	await demo.signInAs(context, 'patient@demo.test');
	await gotoHydrated(page, `${demo.baseURL}/me`);
	await page.getByRole('link', { name: 'Compare first and latest' }).click();
	await expect(page).toHaveURL(`${demo.baseURL}/me/compare?course=${jordan.course.id}`);
	await expect(page).toHaveTitle('Compare · Resurface');

	const comparison = page.getByRole('region', { name: 'Comparison' });
	await expect(comparison.getByText(jordan.label(first), { exact: true })).toBeVisible();
	await expect(comparison.getByText(jordan.label(latest), { exact: true })).toBeVisible();
	expect(jordan.label(first)).toMatch(/ · day 0$/);
	await expect(page.getByLabel('Earlier photo', { exact: true })).toHaveValue(first.id);
	await expect(page.getByLabel('Later photo', { exact: true })).toHaveValue(latest.id);

	// Keyboard: the divider is a slider with a name, a value and a spoken value.
	const divider = page.getByRole('slider', { name: 'Before/after divider' });
	const later = comparison.locator('.later');
	await divider.focus();
	await expect(divider).toHaveAttribute('aria-valuenow', '50');
	for (let i = 0; i < 3; i++) {
		await page.keyboard.press('ArrowLeft');
	}
	await expect(divider).toHaveAttribute('aria-valuenow', '35');
	await expect(divider).toHaveAttribute('aria-valuetext', '35% earlier photo, 65% later photo');
	await expect(later).toHaveCSS('clip-path', 'inset(0px 0px 0px 35%)');
	await page.keyboard.press('End');
	await expect(divider).toHaveAttribute('aria-valuenow', '100');
	await page.keyboard.press('PageDown');
	await expect(divider).toHaveAttribute('aria-valuenow', '90');
	await page.keyboard.press('Home');
	await expect(divider).toHaveAttribute('aria-valuenow', '0');

	// Mouse: dragging anywhere on the photo moves the divider under the pointer.
	const stage = (await comparison.locator('.stage').boundingBox())!;
	await mouseDrag(page, stage, [0.5, 1 / 2], [0.25, 1 / 3], 5);
	const dragged = Number(await divider.getAttribute('aria-valuenow'));
	expect(dragged).toBeGreaterThanOrEqual(24);
	expect(dragged).toBeLessThanOrEqual(26);

	// Switching modes rewrites the URL but fetches nothing again.
	const refetches: string[] = [];
	page.on('request', (r) => {
		if (r.url().includes('__data.json')) {
			refetches.push(r.url());
		}
	});
	await page.getByRole('radio', { name: 'Side by side' }).check();
	await expect(page).toHaveURL(/[?&]mode=side(&|$)/);
	await expect(divider).toHaveCount(0);
	await expect(comparison.getByRole('figure')).toHaveCount(2);
	await expect(comparison.getByRole('img')).toHaveCount(2);
	await page.getByRole('radio', { name: 'Fade' }).check();
	await expect(page).toHaveURL(/[?&]mode=fade(&|$)/);
	const fade = page.getByRole('slider', { name: 'Fade from the earlier to the later photo' });
	await fade.fill('80');
	await expect(later).toHaveCSS('opacity', '0.8');
	await expect(fade).toHaveAttribute('aria-valuetext', '80% later photo');
	expect(refetches).toEqual([]);

	// Another later photo: the URL names it, and reloading that URL shows the same pair.
	await page.getByLabel('Later photo', { exact: true }).selectOption(third.id);
	await expect(page).toHaveURL(new RegExp(`[?&]b=${third.id}(&|$)`));
	await expect(comparison.getByText(jordan.label(third), { exact: true })).toBeVisible();
	await expect(comparison.getByText(jordan.label(latest), { exact: true })).toHaveCount(0);
	const bookmark = page.url();
	expect(bookmark).toContain(`a=${first.id}`);
	await page.reload();
	await expect(page.getByLabel('Earlier photo', { exact: true })).toHaveValue(first.id);
	await expect(page.getByLabel('Later photo', { exact: true })).toHaveValue(third.id);
	await expect(page.getByRole('radio', { name: 'Fade' })).toBeChecked();
	await expect(comparison.getByText(jordan.label(third), { exact: true })).toBeVisible();

	// Another view starts again from its own first and latest photos.
	const left = series(demo, 'Jordan Avery', 'left45');
	await page.getByLabel('View').selectOption('left45');
	await expect(page).toHaveURL(/[?&]view=left45(&|$)/);
	expect(page.url()).not.toMatch(/[?&][ab]=/);
	await expect(page.getByLabel('Earlier photo', { exact: true })).toHaveValue(left.photos[0].id);
	await expect(page.getByLabel('Later photo', { exact: true })).toHaveValue(left.photos.at(-1)!.id);
	await expect(page.getByRole('img', { name: /^Left 45° view/ })).toHaveCount(2);

	await page.getByRole('link', { name: 'Back to my timeline' }).click();
	await expect(page).toHaveURL(`${demo.baseURL}/me`);
});

test('a comparison URL is the patient’s own: others get 404, and so do other patients’ ids', async ({
	demo,
	browser
}) => {
	const jordan = series(demo, 'Jordan Avery');
	const mei = series(demo, 'Mei Tanaka');
	await givePatientAccount(demo, mei.patient, 'mei@demo.test', 'mei-password-long');
	await addOtherClinic(demo, 'elsewhere');
	const [a, b] = [jordan.photos[0].id, jordan.photos.at(-1)!.id];
	const url = (q: Record<string, string>) =>
		`${demo.baseURL}/me/compare?${new URLSearchParams({ view: 'front', ...q })}`;
	const jordans = url({ course: jordan.course.id, a, b });

	const anonymous = await (await requestAs(browser, demo, null)).get(jordans, { maxRedirects: 0 });
	expect(anonymous.status()).toBe(303);
	expect(anonymous.headers().location).toMatch(/^\/login\?next=/);
	for (const who of ['mei@demo.test', 'owner@elsewhere.test', 'clinician@demo.test']) {
		const res = await (await requestAs(browser, demo, who)).get(jordans);
		expect(res.status(), who).toBe(404);
		expect(await res.text(), who).not.toContain('/media/private/');
	}

	const asJordan = await requestAs(browser, demo, 'patient@demo.test');
	expect((await asJordan.get(jordans)).status()).toBe(200);
	const [meisFirst, meisLast] = [mei.photos[0].id, mei.photos.at(-1)!.id];
	const wrong = {
		'another patient’s photo as a': url({ course: jordan.course.id, a: meisFirst, b }),
		'another patient’s photo as b': url({ course: jordan.course.id, a, b: meisLast }),
		'another patient’s pair': url({ a: meisFirst, b: meisLast }),
		'another patient’s course': url({ course: mei.course.id }),
		'an unknown course': url({ course: 'nonexistent-course-id' }),
		'an unknown photo': url({ course: jordan.course.id, a, b: 'nonexistent-photo-id' })
	};
	for (const [what, u] of Object.entries(wrong)) {
		const res = await asJordan.get(u);
		expect(res.status(), what).toBe(404);
		expect(await res.text(), what).not.toContain(meisFirst);
	}

	// Mei sees her own comparison, and the empty state once only one session's photos remain.
	const asMei = await requestAs(browser, demo, 'mei@demo.test');
	expect(await (await asMei.get(`${demo.baseURL}/me/compare`)).text()).toContain(
		`/media/private/${meisLast}/`
	);
	demo.db
		.update(photo)
		.set({ deletedAt: new Date() })
		.where(and(eq(photo.patientId, mei.patient.id), ne(photo.sessionId, mei.photos[0].sessionId!)))
		.run();
	const empty = await (await asMei.get(`${demo.baseURL}/me/compare`)).text();
	expect(empty).toContain('Comparing needs at least two photos of the same view');
	expect(empty).not.toContain('role="slider"');
});

test('the compare page is accessible in every mode, leaves vertical swipes to the page and works without JavaScript', async ({
	demo,
	browser,
	page,
	context
}) => {
	const jordan = series(demo, 'Jordan Avery');
	await demo.signInAs(context, 'patient@demo.test');
	for (const mode of ['slider', 'side', 'fade']) {
		await gotoHydrated(page, `${demo.baseURL}/me/compare?mode=${mode}`);
		await page.waitForLoadState('networkidle');
		expect(await violations(page), mode).toEqual([]);
	}

	const phone = await browser.newContext({
		viewport: { width: 360, height: 740 },
		hasTouch: true,
		isMobile: true
	});
	await demo.signInAs(phone, 'patient@demo.test');
	const mobile = await phone.newPage();
	await gotoHydrated(mobile, `${demo.baseURL}/me/compare`);
	const divider = mobile.getByRole('slider', { name: 'Before/after divider' });
	expect(await divider.evaluate((el) => getComputedStyle(el).touchAction)).toBe('pan-y');
	expect(await mobile.locator('.stage').evaluate((el) => getComputedStyle(el).touchAction)).toBe(
		'pan-y'
	);
	// a tap on the photo moves the divider there
	const stage = (await mobile.locator('.stage').boundingBox())!;
	await mobile.touchscreen.tap(stage.x + stage.width * 0.8, stage.y + stage.height / 2);
	await expect
		.poll(async () => Number(await divider.getAttribute('aria-valuenow')))
		.toBeGreaterThanOrEqual(78);
	// a swipe up over the photo scrolls the page and leaves the divider; a sideways one moves it
	const { y: mid } = visibleMiddle(stage, 740);
	const x = (share: number) => stage.x + stage.width * share;
	await swipe(mobile, { x: x(0.3), y: mid }, { x: x(0.3), y: mid - 200 });
	await expect.poll(() => mobile.evaluate(() => scrollY)).toBeGreaterThan(100);
	expect(Number(await divider.getAttribute('aria-valuenow'))).toBeGreaterThanOrEqual(78);
	const { y: row } = visibleMiddle((await mobile.locator('.stage').boundingBox())!, 740);
	await swipe(mobile, { x: x(0.6), y: row }, { x: x(0.2), y: row });
	await expect.poll(async () => Number(await divider.getAttribute('aria-valuenow'))).toBe(20);
	expect(await violations(mobile), 'phone').toEqual([]);

	// The pickers name each photo by its date and day, as under the photos, and fit a phone:
	// the chosen text is narrower than the select leaves room for (its arrow takes ~24 px).
	const earlier = mobile.getByLabel('Earlier photo', { exact: true });
	await expect(earlier.locator('option')).toHaveText(jordan.photos.map(jordan.label));
	await expect(earlier.locator('optgroup').first()).toHaveAttribute('label', 'Session 1 of 4');
	for (const picker of ['Earlier photo', 'Later photo']) {
		const room = await mobile.getByLabel(picker, { exact: true }).evaluate((el) => {
			const select = el as HTMLSelectElement;
			const style = getComputedStyle(select);
			const ctx = document.createElement('canvas').getContext('2d')!;
			ctx.font = style.font;
			const text = ctx.measureText(select.selectedOptions[0].text).width;
			const inner =
				select.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
			return inner - 24 - text;
		});
		expect(room, picker).toBeGreaterThan(0);
	}
	await phone.close();

	const noScript = await browser.newContext({ javaScriptEnabled: false });
	await demo.signInAs(noScript, 'patient@demo.test');
	const plain = await noScript.newPage();
	await plain.goto(`${demo.baseURL}/me/compare`);
	await plain.getByLabel('Later photo', { exact: true }).selectOption(jordan.photos[1].id);
	await plain.getByRole('radio', { name: 'Side by side' }).check();
	await plain.getByRole('button', { name: 'Show' }).click();
	await expect(plain).toHaveURL(new RegExp(`[?&]b=${jordan.photos[1].id}(&|$)`));
	expect(new URL(plain.url()).searchParams.get('mode')).toBe('side');
	await expect(
		plain
			.getByRole('region', { name: 'Comparison' })
			.getByText(jordan.label(jordan.photos[1]), { exact: true })
	).toBeVisible();
	await noScript.close();
});
