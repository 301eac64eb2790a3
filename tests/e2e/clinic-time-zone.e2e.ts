import { and, desc, eq } from 'drizzle-orm';
import { test, expect, gotoHydrated, type App } from './app';
import {
	auditEvent,
	clinic,
	course,
	patient,
	treatmentSession
} from '../../src/lib/server/db/schema';
import { todayIn } from '../../src/lib/domain/clock';
import { addDays } from '../../src/lib/domain/schedule';
import { formatDate, formatDateTime } from '../../src/lib/format';
import { AREAS } from '../../src/lib/domain/concerns';

/**
 * A zone whose date differs from UTC's right now. Kiritimati (UTC+14) is on tomorrow from 10:00
 * UTC to midnight; Pago Pago (UTC−11) is on yesterday from midnight to 11:00 UTC.
 */
function zoneOnAnotherDay(now = new Date()): string {
	const utc = todayIn('UTC', now);
	return todayIn('Pacific/Kiritimati', now) !== utc ? 'Pacific/Kiritimati' : 'Pacific/Pago_Pago';
}

const jordan = (demo: App) =>
	demo.db.select().from(patient).where(eq(patient.email, 'patient@demo.test')).get()!;

const lastAudit = (demo: App, action: string) =>
	demo.db
		.select()
		.from(auditEvent)
		.where(eq(auditEvent.action, action))
		.orderBy(desc(auditEvent.at))
		.get()!;

const storedZone = (demo: App) =>
	(
		demo.db.select({ settings: clinic.settings }).from(clinic).get()!.settings as Record<
			string,
			unknown
		>
	).timeZone;

test('the clinic’s zone sets its today, its times and when a patient may rate a session', async ({
	demo,
	page,
	context,
	browser
}) => {
	const zone = zoneOnAnotherDay();
	// the point of the test: the clinic's today is not UTC's
	expect(todayIn(zone)).not.toBe(todayIn('UTC'));

	await demo.signInAs(context, 'owner@demo.test');
	await gotoHydrated(page, `${demo.baseURL}/clinic/settings`);
	const picker = page.getByLabel('Time zone');
	await picker.selectOption(zone);
	// the picker shows the zone's own date, which is not UTC's
	await expect(page.locator('#timeZone-now')).toContainText(
		`Now in ${zone}: ${formatDate(todayIn(zone))}`
	);
	await page.getByRole('button', { name: 'Save settings' }).click();
	await expect(page.getByText('Settings saved.')).toBeVisible();
	expect(storedZone(demo)).toBe(zone);
	expect(lastAudit(demo, 'clinic_settings').detail).toMatch(
		new RegExp(`^time zone \\S+ → ${zone}$`)
	);
	await expect(picker).toHaveValue(zone);
	await page.reload();
	await expect(picker).toHaveValue(zone);

	// A new course and its first session start on the clinic's today.
	const p = jordan(demo);
	await gotoHydrated(page, `${demo.baseURL}/clinic/patients/${p.id}`);
	await page.locator('summary', { hasText: 'New course' }).click();
	await expect(page.getByLabel('First session')).toHaveValue(todayIn(zone));
	await page.getByRole('checkbox', { name: 'Forehead' }).check();
	await page.getByRole('button', { name: 'Start course' }).click();
	await page.locator('summary', { hasText: 'Log session 1' }).click();
	const date = page.locator('input[name="performedOn"]');
	await expect(date).toHaveValue(todayIn(zone));
	await page.getByRole('button', { name: 'Log session' }).click();
	await expect(page.getByText('1 of 3', { exact: true })).toBeVisible();
	const fresh = demo.db
		.select()
		.from(course)
		.where(and(eq(course.patientId, p.id), eq(course.startedOn, todayIn(zone))))
		.get()!;
	const [logged] = demo.db
		.select()
		.from(treatmentSession)
		.where(eq(treatmentSession.courseId, fresh.id))
		.all();
	expect(logged.performedOn).toBe(todayIn(zone));

	// Times on the dashboard and in the audit log are the clinic's, rendered by the server and
	// by the browser alike.
	const logAt = lastAudit(demo, 'session_log').at;
	const shown = formatDateTime(logAt, zone);
	expect(shown).not.toBe(formatDateTime(logAt, 'UTC'));
	const ssr = await (await page.request.get(`${demo.baseURL}/clinic`)).text();
	expect(ssr).toContain(shown);
	await page.getByRole('link', { name: 'Audit' }).click();
	await expect(page.getByRole('columnheader', { name: `When (${zone})` })).toBeVisible();
	const row = page.locator('tbody tr').filter({ hasText: 'session log' }).first();
	await expect(row.locator('time')).toHaveText(formatDateTime(logAt, zone, { seconds: true }));
	await page.getByRole('link', { name: 'Today' }).click();
	const activity = page.getByRole('listitem').filter({ hasText: 'logged a session' }).first();
	await expect(activity.locator('time')).toHaveText(shown);

	// Jordan may rate the session dated today on the clinic's calendar, not one dated tomorrow.
	const tomorrow = demo.db
		.insert(treatmentSession)
		.values({ clinicId: p.clinicId, courseId: fresh.id, performedOn: addDays(todayIn(zone), 1) })
		.returning()
		.get();
	const patientContext = await browser.newContext();
	await demo.signInAs(patientContext, 'patient@demo.test');
	const me = await patientContext.newPage();
	await gotoHydrated(me, `${demo.baseURL}/me`);
	const card = me.locator(`#progress-${fresh.id}`);
	const group = card.getByRole('group', {
		name: 'How do you feel about your skin since session 1?'
	});
	await group.getByRole('radio', { name: '7', exact: true }).check();
	await card.getByRole('button', { name: 'Save rating' }).click();
	await expect(card.getByRole('status')).toHaveText(
		'Thank you. Your rating for session 1 is saved.'
	);
	const rating = (id: string) =>
		demo.db
			.select({ r: treatmentSession.patientSelfRating })
			.from(treatmentSession)
			.where(eq(treatmentSession.id, id))
			.get()!.r;
	expect(rating(logged.id)).toBe(7);
	const early = await me.request.post(`${demo.baseURL}/me?/rate`, {
		headers: { origin: demo.baseURL, accept: 'text/html' },
		form: { sessionId: tomorrow.id, rating: '5' }
	});
	expect(early.status()).toBe(400);
	expect(await early.text()).toContain('This session has not happened yet');
	expect(rating(tomorrow.id)).toBeNull();
	await patientContext.close();
});

test('a zone the server does not know is refused with 400 and nothing is saved', async ({
	demo,
	page,
	context
}) => {
	await demo.signInAs(context, 'owner@demo.test');
	const before = demo.db.select({ settings: clinic.settings }).from(clinic).get()!.settings;
	const res = await page.request.post(`${demo.baseURL}/clinic/settings`, {
		headers: { origin: demo.baseURL, accept: 'text/html' },
		form: {
			defaultPlannedSessions: '5',
			defaultIntervalWeeks: '6',
			...Object.fromEntries(AREAS.map((a) => [`depth.${a}`, '1'])),
			bookingUrl: '',
			timeZone: 'Mars/Olympus_Mons'
		}
	});
	expect(res.status()).toBe(400);
	expect(await res.text()).toContain(
		'“Mars/Olympus_Mons” is not a time zone this server knows. Choose one from the list'
	);
	expect(demo.db.select({ settings: clinic.settings }).from(clinic).get()!.settings).toEqual(
		before
	);
});
