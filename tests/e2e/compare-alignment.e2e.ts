import fs from 'node:fs';
import path from 'node:path';
import { ROOT } from './paths';
import { and, asc, eq, inArray, ne } from 'drizzle-orm';
import type { Locator, Page } from '@playwright/test';
import { test, expect, gotoHydrated, type App } from './app';
import { seriousViolations as violations } from './axe';
import { alignedTilt, cssMatrix, recordAlignment } from './alignment-steps';
import { courseSessions, firstCourse, patientNamed } from './demo-records';
import { photo, photoAlignment } from '../../src/lib/server/db/schema';
import { formatDate } from '../../src/lib/format';
import type { Similarity } from '../../src/lib/domain/similarity';

// SHOTS_DIR=/work/shots/18 keeps them for a person to look at; by default they stay with the run
const SHOTS = process.env.SHOTS_DIR ?? path.join(ROOT, 'test-results', 'shots-compare-alignment');

/** Jordan Avery's front photos, oldest first: the first is the course's baseline. */
function jordanFronts(demo: App) {
	const p = patientNamed(demo, 'Jordan Avery');
	const photos = demo.db
		.select()
		.from(photo)
		.where(and(eq(photo.patientId, p.id), eq(photo.view, 'front'), eq(photo.status, 'ready')))
		.orderBy(asc(photo.takenOn))
		.all();
	return { patient: p, course: firstCourse(demo, p.id), photos };
}

/** As if the alignment job had not reached these photos yet. */
const forgetAlignment = (demo: App, ids: string[]) =>
	demo.db.delete(photoAlignment).where(inArray(photoAlignment.photoId, ids)).run();

/** The later photo's frame in the comparison, when it is drawn aligned. */
const frameOf = (scope: Locator) => scope.locator('.aligned-frame');

/**
 * The transform the browser applied to the later photo equals M in CSS pixels: one photo pixel of
 * the earlier photo is the box's width ÷ its width.
 */
async function expectDrawnBy(frame: Locator, box: Locator, m: Similarity, earlierWidth: number) {
	const k = (await box.boundingBox())!.width / earlierWidth;
	const got = cssMatrix(await frame.evaluate((el) => getComputedStyle(el).transform));
	const rad = (m.rotationDeg * Math.PI) / 180;
	const want = [
		m.scale * Math.cos(rad),
		m.scale * Math.sin(rad),
		-m.scale * Math.sin(rad),
		m.scale * Math.cos(rad),
		m.dx * k,
		m.dy * k
	];
	got.forEach((v, i) => expect(v, `matrix[${i}]`).toBeCloseTo(want[i], 1));
	expect(await frame.evaluate((el) => getComputedStyle(el).transformOrigin)).toBe('0px 0px');
}

async function noSidewaysScroll(page: Page) {
	expect(
		await page.evaluate(
			() => document.documentElement.scrollWidth - document.documentElement.clientWidth
		)
	).toBeLessThanOrEqual(0);
}

async function shoot(page: Page, name: string) {
	fs.mkdirSync(SHOTS, { recursive: true });
	await page.screenshot({ path: `${SHOTS}/${name}.png`, fullPage: true });
}

test('staff see the later photo aligned by default, as taken with the switch, in every mode', async ({
	demo,
	page,
	context
}) => {
	const j = jordanFronts(demo);
	const [first, latest] = [j.photos[0], j.photos.at(-1)!];
	const m = await alignedTilt(demo, first.id, latest.id);
	await demo.signInAs(context, 'clinician@demo.test');
	await page.setViewportSize({ width: 1280, height: 900 });
	await gotoHydrated(page, `${demo.baseURL}/clinic/patients/${j.patient.id}/compare`);

	const comparison = page.getByRole('region', { name: 'Comparison' });
	const stage = comparison.locator('.stage');
	await expect(page.getByRole('radio', { name: 'Aligned' })).toBeChecked();
	await expectDrawnBy(frameOf(comparison), stage, m, first.width!);
	await expect(comparison).toContainText(
		`Later photo aligned to the ${formatDate(first.takenOn)} photo (rotation −4.0°, scale 0.89).`
	);
	expect(await violations(page)).toEqual([]);
	await shoot(page, 'staff-aligned-slider-1280');

	// As taken: the later photo fills the box again, and nothing is fetched for it
	const refetches: string[] = [];
	page.on('request', (r) => {
		if (r.url().includes('__data.json')) {
			refetches.push(r.url());
		}
	});
	await page.getByRole('radio', { name: 'As taken' }).check();
	await expect(page).toHaveURL(/[?&]align=off(&|$)/);
	await expect(frameOf(comparison)).toHaveCount(0);
	const later = (await comparison.locator('.later img').boundingBox())!;
	const box = (await stage.boundingBox())!;
	expect([later.x, later.y, later.width, later.height]).toEqual([
		box.x,
		box.y,
		box.width,
		box.height
	]);
	await expect(comparison).toContainText('Shown as taken.');
	await shoot(page, 'staff-as-taken-slider-1280');

	// side by side and fade honour the switch both ways
	await page.getByRole('radio', { name: 'Side by side' }).check();
	await expect(page).toHaveURL(/[?&]mode=side(&|$)/);
	await expect(page).toHaveURL(/[?&]align=off(&|$)/);
	await expect(frameOf(comparison)).toHaveCount(0);
	await page.getByRole('radio', { name: 'Aligned' }).check();
	await expect(page).toHaveURL(/[?&]align=on(&|$)/);
	await expectDrawnBy(frameOf(comparison), comparison.locator('.later-box'), m, first.width!);
	await shoot(page, 'staff-aligned-side-1280');
	await page.getByRole('radio', { name: 'Fade' }).check();
	await expectDrawnBy(frameOf(comparison), stage, m, first.width!);
	await page.getByRole('slider', { name: 'Fade from the earlier to the later photo' }).fill('60');
	await shoot(page, 'staff-aligned-fade-1280');
	await page.getByRole('radio', { name: 'As taken' }).check();
	await expect(frameOf(comparison)).toHaveCount(0);
	expect(refetches).toEqual([]);
	expect(await violations(page)).toEqual([]);

	// a phone: the switches wrap, nothing scrolls sideways
	await page.getByRole('radio', { name: 'Slider' }).check();
	await page.getByRole('radio', { name: 'Aligned' }).check();
	await page.setViewportSize({ width: 360, height: 740 });
	await expectDrawnBy(frameOf(comparison), stage, m, first.width!);
	await noSidewaysScroll(page);
	await shoot(page, 'staff-aligned-slider-360');
});

test('without JavaScript the page is drawn aligned, and the switch is part of the form', async ({
	demo,
	browser
}) => {
	const j = jordanFronts(demo);
	const [first, latest] = [j.photos[0], j.photos.at(-1)!];
	const m = await alignedTilt(demo, first.id, latest.id);
	const plain = await browser.newContext({ javaScriptEnabled: false });
	await demo.signInAs(plain, 'clinician@demo.test');
	const page = await plain.newPage();
	await page.goto(`${demo.baseURL}/clinic/patients/${j.patient.id}/compare`);
	const comparison = page.getByRole('region', { name: 'Comparison' });
	await expectDrawnBy(frameOf(comparison), comparison.locator('.stage'), m, first.width!);
	await page.getByRole('radio', { name: 'As taken' }).check();
	await page.getByRole('button', { name: 'Show' }).click();
	await expect(page).toHaveURL(/[?&]align=off(&|$)/);
	await expect(frameOf(comparison)).toHaveCount(0);
	await expect(page.getByRole('radio', { name: 'As taken' })).toBeChecked();
	await plain.close();
});

test('a patient sees their photos aligned in plain words, and as taken when alignment was unsure', async ({
	demo,
	page,
	context
}) => {
	const j = jordanFronts(demo);
	const [first, second, third, latest] = j.photos;
	const m = await alignedTilt(demo, first.id, latest.id);
	recordAlignment(demo, third.id, {
		status: 'unsure',
		baselineId: first.id,
		reason: 'the face was turned too far to be sure',
		method: 'face',
		confidence: 0.31
	});
	await demo.signInAs(context, 'patient@demo.test');
	await page.setViewportSize({ width: 360, height: 740 });
	await gotoHydrated(page, `${demo.baseURL}/me/compare`);
	const comparison = page.getByRole('region', { name: 'Comparison' });
	await expectDrawnBy(frameOf(comparison), comparison.locator('.stage'), m, first.width!);
	await expect(comparison).toContainText(
		'Your later photo has been lined up with the earlier one, so both show your skin at the same angle and size.'
	);
	await noSidewaysScroll(page);
	expect(await violations(page)).toEqual([]);
	await shoot(page, 'patient-aligned-slider-360');
	await page.getByRole('radio', { name: 'As taken' }).check();
	await expect(frameOf(comparison)).toHaveCount(0);
	await shoot(page, 'patient-as-taken-slider-360');

	// an unsure photo is shown as taken, says so, and offers no switch
	await page.getByLabel('Later photo', { exact: true }).selectOption(third.id);
	await expect(comparison).toContainText(
		'These photos could not be lined up with each other, so they are shown as taken.'
	);
	await expect(frameOf(comparison)).toHaveCount(0);
	await expect(page.getByRole('radio', { name: 'Aligned' })).toHaveCount(0);
	// one the job has not reached yet (the seeded demo's job aligned them all: forget one)
	forgetAlignment(demo, [second.id]);
	await page.getByLabel('Later photo', { exact: true }).selectOption(second.id);
	await expect(comparison).toContainText('Alignment is still being worked out; shown as taken.');
	await expect(frameOf(comparison)).toHaveCount(0);
	expect(await violations(page)).toEqual([]);
	await page.setViewportSize({ width: 1280, height: 900 });
	await page.getByLabel('Later photo', { exact: true }).selectOption(latest.id);
	await page.getByRole('radio', { name: 'Aligned' }).check();
	await expectDrawnBy(frameOf(comparison), comparison.locator('.stage'), m, first.width!);
	await shoot(page, 'patient-aligned-slider-1280');
});

test('staff read why a pair was not aligned, and sessions side by side honour the switch', async ({
	demo,
	page,
	context
}) => {
	const j = jordanFronts(demo);
	const [first, , third, latest] = j.photos;
	const m = await alignedTilt(demo, first.id, latest.id);
	recordAlignment(demo, third.id, {
		status: 'failed',
		baselineId: first.id,
		reason: 'no face was found in this photo',
		method: 'face'
	});
	// the other views as the job has not reached them yet (the seeded demo's job aligned them all)
	const others = demo.db
		.select({ id: photo.id })
		.from(photo)
		.where(and(eq(photo.patientId, j.patient.id), ne(photo.view, 'front')))
		.all();
	forgetAlignment(
		demo,
		others.map((o) => o.id)
	);
	await demo.signInAs(context, 'clinician@demo.test');
	const base = `${demo.baseURL}/clinic/patients/${j.patient.id}/compare`;
	await gotoHydrated(page, `${base}?view=front&a=${first.id}&b=${third.id}`);
	const comparison = page.getByRole('region', { name: 'Comparison' });
	await expect(comparison).toContainText(
		'These photos could not be aligned: no face was found in this photo. Shown as taken.'
	);
	await expect(frameOf(comparison)).toHaveCount(0);
	await shoot(page, 'staff-failed-1280');

	// the sessions of the first and the latest photo: the front row's right photo is aligned
	const sessions = courseSessions(demo, j.course.id);
	const ofPhoto = (p: typeof first) => sessions.find((s) => s.id === p.sessionId)!;
	await gotoHydrated(page, `${base}/sessions?a=${ofPhoto(first).id}&b=${ofPhoto(latest).id}`);
	const front = page.getByRole('table').locator('tbody tr').first();
	const cell = front.locator('td').nth(1);
	await expectDrawnBy(frameOf(cell), cell.locator('.aligned-box'), m, first.width!);
	// every other view has no alignment row now
	await expect(page.getByRole('table')).toContainText(
		'Alignment still being worked out. Shown as taken.'
	);
	expect(await violations(page)).toEqual([]);
	await shoot(page, 'staff-sessions-aligned-1280');
	await page.getByRole('radio', { name: 'As taken' }).check();
	await expect(page).toHaveURL(/[?&]align=off(&|$)/);
	await expect(frameOf(cell)).toHaveCount(0);
	await page.setViewportSize({ width: 360, height: 740 });
	await page.getByRole('radio', { name: 'Aligned' }).check();
	await expectDrawnBy(frameOf(cell), cell.locator('.aligned-box'), m, first.width!);
	await noSidewaysScroll(page);
	await shoot(page, 'staff-sessions-aligned-360');
});
