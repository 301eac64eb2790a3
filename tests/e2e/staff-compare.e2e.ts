import { and, asc, eq } from 'drizzle-orm';
import { test, expect, gotoHydrated, type App } from './app';
import { seriousViolations as violations } from './axe';
import { auditTrail, courseSessions, firstCourse, patientNamed } from './demo-records';
import { photo } from '../../src/lib/server/db/schema';
import { formatDate } from '../../src/lib/format';

/** Sofia Rossi: one course of five sessions, each with all five views. */
function sofia(demo: App) {
	const p = patientNamed(demo, 'Sofia Rossi');
	const c = firstCourse(demo, p.id);
	const sessions = courseSessions(demo, c.id);
	const photosOf = (sessionId: string) =>
		demo.db
			.select()
			.from(photo)
			.where(and(eq(photo.sessionId, sessionId), eq(photo.status, 'ready')))
			.orderBy(asc(photo.createdAt))
			.all();
	return { patient: p, course: c, sessions, photosOf };
}

test('a clinician sets the first session beside the latest, all five views, and compares two photos in every mode', async ({
	demo,
	page,
	context
}) => {
	const s = sofia(demo);
	const [first, second] = s.sessions;
	const latest = s.sessions.at(-1)!;
	expect(s.sessions).toHaveLength(5);
	// the latest session's left 90° photo is gone: its cell must say so, not close the gap
	const gone = s.photosOf(latest.id).find((p) => p.view === 'left90')!;
	demo.db.update(photo).set({ deletedAt: new Date() }).where(eq(photo.id, gone.id)).run();

	await demo.signInAs(context, 'clinician@demo.test');
	await gotoHydrated(page, `${demo.baseURL}/clinic/patients/${s.patient.id}`);
	await page.getByRole('link', { name: 'Compare sessions' }).click();
	await expect(page).toHaveURL(`${demo.baseURL}/clinic/patients/${s.patient.id}/compare/sessions`);
	await expect(page.getByRole('heading', { level: 1 })).toHaveText(
		'Compare sessions · Sofia Rossi'
	);
	await expect(page.getByLabel('Left column')).toHaveValue(first.id);
	await expect(page.getByLabel('Right column')).toHaveValue(latest.id);

	const table = page.getByRole('table');
	await expect(table.getByRole('columnheader')).toHaveText([
		'View',
		`Session 1 of 5 · ${formatDate(first.performedOn)}`,
		`Session 5 of 5 · ${formatDate(latest.performedOn)}`
	]);
	const rows = table.locator('tbody tr');
	await expect(rows.locator('th')).toContainText([
		'Front',
		'Left 45°',
		'Right 45°',
		'Left 90°',
		'Right 90°'
	]);
	await expect(rows.nth(3).getByText('Not taken')).toBeVisible();
	await expect(table.getByText('Not taken')).toHaveCount(1);
	await expect(rows.nth(0).getByRole('img')).toHaveCount(2);

	// another session by select: the URL says which, so it can be bookmarked
	await page.getByLabel('Left column').selectOption(second.id);
	await expect(page).toHaveURL(new RegExp(`[?&]a=${second.id}(&|$)`));
	await expect(table.getByRole('columnheader').nth(1)).toHaveText(
		`Session 2 of 5 · ${formatDate(second.performedOn)}`
	);
	const viewed = auditTrail(demo, 'photo_view', s.patient.id).map((e) => e.detail);
	expect(viewed).toContain(`compare sessions ${second.id} ${latest.id}`);
	expect(await violations(page)).toEqual([]);

	// a view's row opens the two photos in the slider; then side by side and fade
	await rows.nth(0).getByRole('link', { name: 'Slider for the Front view' }).click();
	await expect(page).toHaveURL(new RegExp(`/clinic/patients/${s.patient.id}/compare\\?`));
	const front = (id: string) => s.photosOf(id).find((p) => p.view === 'front')!;
	await expect(page.getByLabel('Earlier photo', { exact: true })).toHaveValue(front(second.id).id);
	await expect(page.getByLabel('Later photo', { exact: true })).toHaveValue(front(latest.id).id);
	await expect(page.getByRole('slider', { name: 'Before/after divider' })).toBeVisible();
	await page.getByText('Side by side', { exact: true }).click();
	await expect(page).toHaveURL(/[?&]mode=side/);
	await expect(page.getByRole('region', { name: 'Comparison' }).getByRole('img')).toHaveCount(2);
	await page.getByText('Fade', { exact: true }).click();
	await expect(page).toHaveURL(/[?&]mode=fade/);
	await expect(page.getByLabel('Fade from the earlier to the later photo')).toBeVisible();
	expect(auditTrail(demo, 'photo_view', s.patient.id).map((e) => e.detail)).toContain(
		`compare ${front(second.id).id} ${front(latest.id).id}`
	);
	expect(await violations(page)).toEqual([]);
});

test('staff compare refuses what is not this patient’s, and works without JavaScript', async ({
	demo,
	browser,
	context,
	page
}) => {
	const s = sofia(demo);
	const other = patientNamed(demo, 'Jordan Avery');
	const [foreign] = demo.db.select().from(photo).where(eq(photo.patientId, other.id)).all();
	const [foreignSession] = courseSessions(demo, firstCourse(demo, other.id).id);
	await demo.signInAs(context, 'clinician@demo.test');
	const base = `${demo.baseURL}/clinic/patients/${s.patient.id}/compare`;
	// another patient's photo or session under Sofia's address is never quietly swapped
	expect((await page.goto(`${base}?a=${foreign.id}`))!.status()).toBe(404);
	expect((await page.goto(`${base}/sessions?a=${foreignSession.id}`))!.status()).toBe(404);
	expect((await page.goto(`${base}?course=${firstCourse(demo, other.id).id}`))!.status()).toBe(404);

	const plain = await browser.newContext({ javaScriptEnabled: false });
	await demo.signInAs(plain, 'clinician@demo.test');
	const noJs = await plain.newPage();
	await noJs.goto(`${base}/sessions`);
	await noJs.getByLabel('Right column').selectOption(s.sessions[2].id);
	await noJs.getByRole('button', { name: 'Show' }).click();
	await expect(noJs).toHaveURL(new RegExp(`[?&]b=${s.sessions[2].id}(&|$)`));
	await expect(noJs.getByRole('columnheader').nth(2)).toHaveText(
		`Session 3 of 5 · ${formatDate(s.sessions[2].performedOn)}`
	);
	// a thumbnail is a link to the full-size photo itself
	const link = noJs
		.getByRole('table')
		.getByRole('link', { name: /open full size/ })
		.first();
	expect(await link.getAttribute('href')).toMatch(/^\/media\/private\/[^/]+\/full\.jpg$/);
	await plain.close();
});
