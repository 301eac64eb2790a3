import { eq } from 'drizzle-orm';
import { addOtherClinic, givePatientAccount } from './people';
import { test, expect, gotoHydrated, type App } from './app';
import { seriousViolations } from './axe';
import { courseSessions, firstCourse, jordanOf } from './demo-records';
import { auditEvent, patient, treatmentSession } from '../../src/lib/server/db/schema';

/** Jordan's course and sessions; the latest one's rating is cleared so the page asks for it. */
function jordanAwaitingRating(demo: App) {
	const jordan = jordanOf(demo);
	const co = firstCourse(demo, jordan.id);
	const sessions = courseSessions(demo, co.id);
	const latest = sessions.at(-1)!;
	demo.db
		.update(treatmentSession)
		.set({ patientSelfRating: null, patientNote: null })
		.where(eq(treatmentSession.id, latest.id))
		.run();
	return { jordan, course: co, sessions, latest };
}

const stored = (demo: App, id: string) =>
	demo.db
		.select({ rating: treatmentSession.patientSelfRating, note: treatmentSession.patientNote })
		.from(treatmentSession)
		.where(eq(treatmentSession.id, id))
		.get();

function formPost(demo: App, fields: Record<string, string>) {
	return {
		headers: { origin: demo.baseURL, accept: 'text/html' },
		form: fields,
		maxRedirects: 0
	};
}

test('the patient rates their latest session by keyboard; chart, table and a reload show it', async ({
	demo,
	page,
	context,
	browser
}) => {
	const { course: co, latest } = jordanAwaitingRating(demo);
	await demo.signInAs(context, 'patient@demo.test');
	await gotoHydrated(page, `${demo.baseURL}/me`);

	const card = page.locator(`#progress-${co.id}`);
	await expect(card.getByRole('heading', { name: /Your progress/ })).toBeVisible();
	const group = card.getByRole('group', {
		name: 'How do you feel about your skin since session 4?'
	});
	await expect(group).toBeVisible();
	const chart = card.getByRole('img');
	await expect(chart).toHaveAttribute('aria-label', /Not rated yet: session 4\./);
	// no point is drawn for the missing rating, while the clinic's grade for session 4 is there
	await expect(card.locator(`.rating .point[data-session="${latest.id}"]`)).toHaveCount(0);
	await expect(card.locator(`.grade .point[data-session="${latest.id}"]`)).toHaveCount(1);

	// Into the radio group from the element before it (a click on the legend raced with lazy
	// images shifting the page), then choose with the arrow keys.
	const first = group.getByRole('radio', { name: '0, no change' });
	await first.scrollIntoViewIfNeeded();
	await first.focus();
	await expect(first).toBeFocused();
	for (let i = 0; i < 8; i++) {
		await page.keyboard.press('ArrowRight');
	}
	await expect(group.getByRole('radio', { name: '8', exact: true })).toBeChecked();
	await page.keyboard.press('Tab');
	await expect(card.getByRole('textbox', { name: /A note for your clinic/ }).first()).toBeFocused();
	await page.keyboard.type('Much smoother on my cheeks');
	await page.keyboard.press('Tab');
	await expect(card.getByRole('button', { name: 'Save rating' })).toBeFocused();
	await page.keyboard.press('Enter');

	await expect(card.getByRole('status')).toHaveText(
		'Thank you. Your rating for session 4 is saved.'
	);
	const check = async () => {
		const row = card.getByRole('row', { name: /Session 4/ });
		await expect(row.getByRole('cell').nth(2)).toHaveText('8 / 10');
		await expect(row.getByRole('cell').nth(3)).toHaveText('Much smoother on my cheeks');
		await expect(card.locator(`.rating .point[data-session="${latest.id}"]`)).toHaveAttribute(
			'data-value',
			'8'
		);
		await expect(chart).toHaveAttribute('aria-label', /to 8 at session 4/);
		// answered: the question gives way to the list of ratings one may change
		await expect(card.getByRole('group', { name: /since session/ })).toHaveCount(0);
	};
	await check();
	expect(stored(demo, latest.id)).toEqual({ rating: 8, note: 'Much smoother on my cheeks' });
	const audited = demo.db
		.select()
		.from(auditEvent)
		.where(eq(auditEvent.action, 'self_rating'))
		.all();
	expect(audited).toMatchObject([{ targetId: latest.id, ok: true }]);

	await page.reload();
	await check();

	// the clinic reads it on the patient's page
	const clinician = await browser.newContext();
	await demo.signInAs(clinician, 'clinician@demo.test');
	const staffPage = await clinician.newPage();
	await staffPage.goto(`${demo.baseURL}/clinic/patients/${co.patientId}`);
	const line = staffPage.getByRole('listitem').filter({ hasText: 'Session 4 ·' });
	await expect(line).toContainText('self-rated 8/10');
	await expect(line).toContainText('Much smoother on my cheeks');
	await clinician.close();
});

test('without JavaScript a rating is changed with a plain form post', async ({ demo, browser }) => {
	const { course: co, sessions } = jordanAwaitingRating(demo);
	const context = await browser.newContext({ javaScriptEnabled: false });
	await demo.signInAs(context, 'patient@demo.test');
	const page = await context.newPage();
	await page.goto(`${demo.baseURL}/me`);

	const card = page.locator(`#progress-${co.id}`);
	await card.getByText('Rate or change earlier sessions').click();
	const form = card
		.locator('form')
		.filter({ has: page.getByRole('group', { name: /Session 2,/ }) });
	await form.getByRole('radio', { name: '3', exact: true }).check();
	await form.getByRole('textbox').fill('Broke out after this one');
	await form.getByRole('button', { name: 'Update rating' }).click();

	await expect(page).toHaveURL(new RegExp(`/me\\?/rate#progress-${co.id}$`));
	await expect(card.getByRole('status')).toHaveText(
		'Thank you. Your rating for session 2 is saved.'
	);
	const row = card.getByRole('row', { name: /Session 2/ });
	await expect(row.getByRole('cell').nth(2)).toHaveText('3 / 10');
	await expect(row.getByRole('cell').nth(3)).toHaveText('Broke out after this one');
	expect(stored(demo, sessions[1].id)).toEqual({ rating: 3, note: 'Broke out after this one' });

	// the server's own check, for a request no browser form would send
	const res = await page.request.post(
		`${demo.baseURL}/me?/rate`,
		formPost(demo, { sessionId: sessions[1].id, rating: '11', note: '' })
	);
	expect(res.status()).toBe(400);
	expect(await res.text()).toContain('Choose a rating from 0 to 10.');
	expect(stored(demo, sessions[1].id)?.rating).toBe(3);
	await context.close();
});

test('nobody but Jordan can rate Jordan’s session', async ({ demo, browser }) => {
	const { jordan, latest } = jordanAwaitingRating(demo);
	const other = demo.db
		.select()
		.from(patient)
		.where(eq(patient.clinicId, jordan.clinicId))
		.all()
		.find((p) => p.id !== jordan.id && !p.userId)!;
	await givePatientAccount(demo, other, 'other-patient@demo.test', 'other-patient-password');
	await addOtherClinic(demo, 'elsewhere');

	for (const email of [
		'other-patient@demo.test',
		'owner@elsewhere.test',
		'owner@demo.test',
		'clinician@demo.test'
	]) {
		const context = await browser.newContext();
		await demo.signInAs(context, email);
		const res = await context.request.post(
			`${demo.baseURL}/me?/rate`,
			formPost(demo, { sessionId: latest.id, rating: '1', note: 'not mine' })
		);
		expect(res.status(), email).toBe(404);
		await context.close();
	}
	const anonymous = await browser.newContext();
	const res = await anonymous.request.post(
		`${demo.baseURL}/me?/rate`,
		formPost(demo, { sessionId: latest.id, rating: '1', note: 'not mine' })
	);
	expect(res.status()).toBeGreaterThanOrEqual(300);
	await anonymous.close();
	expect(stored(demo, latest.id)).toEqual({ rating: null, note: null });
});

test('the progress card and rating forms have no serious accessibility violations', async ({
	demo,
	page,
	context
}) => {
	const { course: co } = jordanAwaitingRating(demo);
	await demo.signInAs(context, 'patient@demo.test');
	await gotoHydrated(page, `${demo.baseURL}/me`);
	await page.evaluate(() => document.querySelectorAll('details').forEach((d) => (d.open = true)));
	await expect(page.locator(`#progress-${co.id}`).getByRole('radio')).toHaveCount(44);
	expect(await seriousViolations(page)).toEqual([]);
});
