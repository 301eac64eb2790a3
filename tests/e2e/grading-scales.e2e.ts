import { and, eq } from 'drizzle-orm';
import type { Locator, Page } from '@playwright/test';
import { test, expect, gotoHydrated, type App } from './app';
import { openPatient } from './clinic-steps';
import { auditTrail, coursesOf, patientNamed } from './demo-records';
import { givePatientAccount } from './people';
import { seriousViolations } from './axe';
import { treatmentSession } from '../../src/lib/server/db/schema';

// Each concern is graded on the published scale made for it (issue 15, part 4): the form offers
// the course's scale, the server keeps to it, the chart and table name it.

const today = () =>
	new Intl.DateTimeFormat('en-GB', {
		day: 'numeric',
		month: 'short',
		year: 'numeric',
		timeZone: 'UTC'
	}).format(new Date());

const storedSessions = (demo: App, courseId: string) =>
	demo.db
		.select()
		.from(treatmentSession)
		.where(eq(treatmentSession.courseId, courseId))
		.orderBy(treatmentSession.performedOn)
		.all();

/** The "Log session n" form of the patient's only course. */
async function openSessionForm(page: Page, n: number): Promise<Locator> {
	await page.locator('summary', { hasText: `Log session ${n}` }).click();
	return page.locator('form[action="?/logSession"]');
}

test('a clinician grades acne scars on Goodman–Baron, and the photos then go to that session', async ({
	demo,
	page,
	context
}) => {
	const p = await openPatient(demo, context, page, 'clinician@demo.test', 'Lucas Ferreira');
	const co = coursesOf(demo, p.id)[0];
	const form = await openSessionForm(page, 6);
	// the device the clinic used last, not a bare default
	await expect(form.getByLabel('Device')).toHaveValue('SkinPen Precision');
	await form.getByLabel('Goodman–Baron scar grade').selectOption('2');
	await form.getByText('About this scale').click();
	await expect(form.getByText(/Dermatol Surg\. 2006;32\(12\):1458–1466/)).toBeVisible();
	await form.getByRole('button', { name: 'Log session' }).click();

	const confirmation = page.getByRole('status').filter({ hasText: 'Session 6 logged' });
	await expect(confirmation).toHaveText(`Session 6 logged for ${today()} — add its photos.`);
	const logged = storedSessions(demo, co.id).at(-1)!;
	expect(logged).toMatchObject({ grade: 2, gradeScale: 'goodman_baron', gradeDetail: null });
	expect(auditTrail(demo, 'session_log', logged.id)).toMatchObject([
		{ detail: 'graded Goodman–Baron 2', ok: true }
	]);
	const line = (n: number) => page.getByRole('listitem').filter({ hasText: `Session ${n} ·` });
	await expect(line(6)).toContainText('· Goodman–Baron 2 (mild)');

	await confirmation.getByRole('link', { name: 'add its photos' }).click();
	await expect(page).toHaveURL(/#photos-heading$/);
	await page.locator('summary', { hasText: 'Upload photos' }).click();
	await expect(page.getByLabel('Session', { exact: true })).toHaveValue(logged.id);
});

test('fine lines are scored on FWES; a bad grade is refused with a reason and nothing written', async ({
	demo,
	page,
	context
}) => {
	const p = await openPatient(demo, context, page, 'clinician@demo.test', "Grace O'Neill");
	const co = coursesOf(demo, p.id)[0];
	const before = storedSessions(demo, co.id).length;
	const form = await openSessionForm(page, before + 1);
	const grade = form.getByLabel('Fitzpatrick wrinkle score');
	await expect(grade.locator('optgroup')).toHaveCount(3);
	await grade.selectOption('3');
	await form.getByRole('button', { name: 'Log session' }).click();
	await expect(page.getByRole('status').filter({ hasText: 'logged for' })).toBeVisible();
	expect(storedSessions(demo, co.id).at(-1)).toMatchObject({ grade: 3, gradeScale: 'fwes' });
	await expect(
		page.getByRole('listitem').filter({ hasText: `Session ${before + 1} ·` })
	).toContainText('· FWES 3 (class I)');
	await expect(
		page.getByText(/Fitzpatrick Wrinkle and Elastosis Scale \(FWES\), 1 to 9/)
	).toBeVisible();

	// what no form offers: a value off the scale, or one naming another scale
	const post = (fields: Record<string, string>) =>
		page.request.post(`${demo.baseURL}/clinic/patients/${p.id}?/logSession`, {
			form: {
				courseId: co.id,
				performedOn: '2026-11-30',
				device: 'SkinPen',
				'depth.periorbital': '0.25',
				passes: '3',
				...fields
			},
			headers: { origin: demo.baseURL, accept: 'text/html' }
		});
	const count = storedSessions(demo, co.id).length;
	for (const [value, reason] of [
		['10', 'The Fitzpatrick wrinkle score must be from 1 to 9.'],
		['4.5', 'The Fitzpatrick wrinkle score is a whole number from 1 to 9.']
	]) {
		const res = await post({ grade: value, gradeScale: 'goodman_baron' });
		expect(res.status()).toBe(400);
		expect(await res.text()).toContain(reason);
	}
	expect(storedSessions(demo, co.id)).toHaveLength(count);
});

test('pigmentation is graded with the eight mMASI inputs; the score shows as they are chosen', async ({
	demo,
	page,
	context
}) => {
	const p = await openPatient(demo, context, page, 'clinician@demo.test', 'Ravi Patel');
	const co = coursesOf(demo, p.id)[0];
	const n = storedSessions(demo, co.id).length + 1;
	const form = await openSessionForm(page, n);
	const mmasi = form.getByRole('group', { name: /mMASI/ });
	const score = mmasi.locator('[aria-live]');
	await expect(score).toHaveText(/Not graded/);
	const choose = async (region: string, area: string, darkness: string) => {
		await mmasi.getByRole('combobox', { name: `${region} Area` }).selectOption(area);
		await mmasi.getByRole('combobox', { name: `${region} Darkness` }).selectOption(darkness);
	};
	await choose('Forehead', '2', '2');
	await expect(score).toHaveText(/2 of 8 chosen/);
	await choose('Right cheek (malar)', '3', '2');
	await choose('Left cheek (malar)', '3', '1');
	await choose('Chin', '1', '1');
	// 0.3·2·2 + 0.3·3·2 + 0.3·3·1 + 0.1·1·1 = 1.2 + 1.8 + 0.9 + 0.1
	await expect(score).toHaveText('mMASI 4.0 of 24, lower is better');
	await form.getByRole('button', { name: 'Log session' }).click();
	await expect(page.getByRole('status').filter({ hasText: `Session ${n} logged` })).toBeVisible();
	expect(storedSessions(demo, co.id).at(-1)).toMatchObject({
		grade: 4,
		gradeScale: 'mmasi',
		gradeDetail: {
			foreheadArea: 2,
			foreheadDarkness: 2,
			rightMalarArea: 3,
			rightMalarDarkness: 2,
			leftMalarArea: 3,
			leftMalarDarkness: 1,
			chinArea: 1,
			chinDarkness: 1
		}
	});
	await expect(page.getByRole('listitem').filter({ hasText: `Session ${n} ·` })).toContainText(
		'· mMASI 4.0'
	);
	// that was the course's last planned session: no form offers a fifth
	await expect(page.locator('summary', { hasText: `Log session ${n}` })).toHaveCount(0);
});

test('stretch marks: session 1 is the GAIS baseline, later ones are graded against it', async ({
	demo,
	page,
	context
}) => {
	const p = await openPatient(demo, context, page, 'clinician@demo.test', 'Sofia Rossi');
	await page.locator('summary', { hasText: 'New course' }).click();
	await page.getByLabel('Concern').selectOption('stretch_marks');
	await page.getByRole('checkbox', { name: 'Thighs' }).check();
	await page.getByRole('button', { name: 'Start course' }).click();
	await expect(page.locator('summary', { hasText: 'Log session 1' })).toBeVisible();
	const co = coursesOf(demo, p.id).find((c) => c.areas.includes('thighs'))!;

	const first = page.locator('details', {
		has: page.locator('summary', { hasText: 'Log session 1' })
	});
	await first.locator(':scope > summary').click();
	await expect(
		first.getByText('session 1 is the baseline that later sessions are compared with')
	).toBeVisible();
	await expect(first.getByRole('combobox', { name: /GAIS|Improvement/ })).toHaveCount(0);
	await first.getByLabel('Date').fill('2026-10-05');
	await first.getByRole('button', { name: 'Log session' }).click();
	await expect(
		page.getByRole('status').filter({ hasText: 'Session 1 logged for 5 Oct 2026' })
	).toBeVisible();

	// the logged session's form folds away; the next one's opens afresh
	const second = page.locator('details', {
		has: page.locator('summary', { hasText: 'Log session 2' })
	});
	await expect(second).not.toHaveAttribute('open');
	await second.locator(':scope > summary').click();
	const gais = second.getByLabel('Improvement compared with session 1 on 5 Oct 2026 (GAIS)');
	await gais.selectOption('3');
	await second.getByLabel('Date').fill('2026-11-16');
	await second.getByRole('button', { name: 'Log session' }).click();
	await expect(
		page.getByRole('status').filter({ hasText: 'Session 2 logged for 16 Nov 2026' })
	).toBeVisible();
	expect(storedSessions(demo, co.id).map((s) => [s.performedOn, s.grade, s.gradeScale])).toEqual([
		['2026-10-05', null, null],
		['2026-11-16', 3, 'gais']
	]);
	// the server keeps the rule too: a session before the baseline would be the baseline
	const res = await page.request.post(`${demo.baseURL}/clinic/patients/${p.id}?/logSession`, {
		form: {
			courseId: co.id,
			performedOn: '2026-09-01',
			device: 'SkinPen',
			'depth.thighs': '2',
			passes: '3',
			grade: '2'
		},
		headers: { origin: demo.baseURL, accept: 'text/html' }
	});
	expect(res.status()).toBe(400);
	expect(await res.text()).toContain('it is not graded on GAIS');
	expect(storedSessions(demo, co.id)).toHaveLength(2);
});

test('the patient’s chart names the scale, plots only its own and lists older grades unconverted', async ({
	demo,
	page,
	context
}) => {
	// Jordan (acne scars): Goodman–Baron, better at the top, said in words
	await demo.signInAs(context, 'patient@demo.test');
	await gotoHydrated(page, `${demo.baseURL}/me`);
	const chart = page.getByRole('img', { name: /sessions\./ }).first();
	await expect(chart).toHaveAttribute(
		'aria-label',
		/The clinic’s Goodman–Baron scar grade went from 4 \(severe\) at session 1 to 1 \(macular\) at session 4, on a scale of 1 to 4 where lower is better\./
	);
	await expect(page.getByRole('columnheader', { name: 'Goodman–Baron scar grade' })).toBeVisible();
	await expect(page.getByText('Clinic’s scar grade')).toHaveCount(0);

	// Hannah (wrinkles): her first two sessions were graded on Goodman–Baron before scales were
	// per concern; the Fitzpatrick chart leaves them out and the table lists them as they were
	const hannah = patientNamed(demo, 'Hannah Schultz');
	await givePatientAccount(demo, hannah, 'hannah@demo.test');
	const other = await context.browser()!.newContext();
	await demo.signInAs(other, 'hannah@demo.test');
	const mine = await other.newPage();
	await gotoHydrated(mine, `${demo.baseURL}/me`);
	const co = coursesOf(demo, hannah.id)[0];
	const card = mine.locator(`#progress-${co.id}`);
	const sessions = storedSessions(demo, co.id);
	expect(sessions.map((s) => s.gradeScale)).toEqual([
		'goodman_baron',
		'goodman_baron',
		'fwes',
		'fwes'
	]);
	for (const [i, s] of sessions.entries()) {
		await expect(card.locator(`.grade .point[data-session="${s.id}"]`)).toHaveCount(i < 2 ? 0 : 1);
	}
	await expect(card.getByText('Fitzpatrick wrinkle score', { exact: true }).first()).toBeVisible();
	const row1 = card.getByRole('row', { name: /Session 1/ });
	await expect(row1.getByRole('cell').nth(1)).toHaveText(
		'Goodman–Baron 3 · Moderate (earlier scale, not converted)'
	);
	await expect(
		card.getByText(
			'Sessions 1, 2: recorded on Goodman–Baron before per-concern scales; not converted.'
		)
	).toBeVisible();
	await expect(card.getByRole('img')).toHaveAttribute(
		'aria-label',
		/The clinic’s Fitzpatrick wrinkle score went from 5 \(class II\) at session 3 to 4 \(class II\) at session 4, on a scale of 1 to 9 where lower is better\. Sessions 1, 2: recorded on Goodman–Baron/
	);
	await other.close();
	expect(
		demo.db
			.select()
			.from(treatmentSession)
			.where(and(eq(treatmentSession.courseId, co.id), eq(treatmentSession.gradeScale, 'fwes')))
			.all()
	).toHaveLength(2);
});

// one patient per scale, a test each: four axe scans in one test ran past its minute at load 10
for (const name of ['Ravi Patel', "Grace O'Neill", 'Chloe Martin', 'Omar Haddad']) {
	test(`the grade fields of ${name}'s scale have no serious accessibility violations`, async ({
		demo,
		page,
		context
	}) => {
		await openPatient(demo, context, page, 'clinician@demo.test', name);
		await page.evaluate(() => document.querySelectorAll('details').forEach((d) => (d.open = true)));
		await expect(page.getByText('About this scale').first()).toBeVisible();
		expect(await seriousViolations(page), name).toEqual([]);
	});
}
