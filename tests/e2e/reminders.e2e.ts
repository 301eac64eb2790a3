// A session reminder goes out exactly once, through a crash and restarts, and a mail client's
// one-click unsubscribe (RFC 8058: a cross-site POST with no cookie) stops the next one.
import { and, eq } from 'drizzle-orm';
import { test, expect, startApp, gotoHydrated, type App } from './app';
import { startSmtpSink, type Received } from '../support/smtp-sink';
import {
	course,
	mailMessage,
	mailPreference,
	patient,
	treatmentSession
} from '../../src/lib/server/db/schema';
import { clinicToday } from '../../src/lib/server/clinic/clinic';
import { queueDueReminders, reminderKey } from '../../src/lib/server/mail/reminders';
import { addDays } from '../../src/lib/domain/schedule';
import { jordanOf } from './demo-records';

/** A new patient whose second session (of three, four weeks apart) is due in `inDays` days. */
function dueSoon(app: App, name: string, email: string, inDays: number) {
	const clinicId = jordanOf(app).clinicId;
	const today = clinicToday(app.db, clinicId);
	const p = app.db.insert(patient).values({ clinicId, displayName: name, email }).returning().get();
	const first = addDays(today, inDays - 28);
	const co = app.db
		.insert(course)
		.values({
			clinicId,
			patientId: p.id,
			concern: 'acne_scars',
			areas: ['cheeks'],
			plannedSessions: 3,
			intervalWeeks: 4,
			startedOn: first
		})
		.returning()
		.get();
	const s = app.db
		.insert(treatmentSession)
		.values({ clinicId, courseId: co.id, performedOn: first })
		.returning()
		.get();
	return { id: p.id, courseId: co.id, sessionId: s.id, dueOn: addDays(today, inDays), today };
}

const header = (m: Received, name: string) =>
	m.raw
		.replace(/\r?\n[ \t]+/g, ' ')
		.match(new RegExp(`^${name}:\\s*(.*)$`, 'mi'))?.[1]
		?.trim();

test('a reminder is sent once across a crash and restarts; one click unsubscribes; front desk sees it', async ({
	browser
}) => {
	test.setTimeout(180_000);
	const sink = await startSmtpSink();
	const app = await startApp({
		demo: true,
		env: { SMTP_URL: sink.url, MAIL_RETRY_MS: '200' }
	});
	try {
		// the demo's own photos were seeded, not uploaded: no "new photos" notice for them
		expect(app.db.select().from(mailMessage).all()).toEqual([]);

		const nadia = dueSoon(app, 'Nadia Rahimi', 'nadia@example.test', 2);
		// the scan runs at start (and every 15 minutes): a restart is the start that sees Nadia
		await app.crash();
		await app.restart();
		await sink.waitFor(1);
		const [mail] = sink.to('nadia@example.test');
		expect(mail.parsed.subject).toBe('Your next visit to Demo Skin Clinic is due');
		expect(mail.parsed.text).toContain('Hello Nadia,');
		// the demo clinic has a booking link: that is where the reminder sends her
		expect(mail.parsed.text).toContain('https://example.com/book');
		expect(`${mail.parsed.text} ${mail.parsed.html}`).not.toMatch(/acne|scar|cheek|needl/i);
		expect(header(mail, 'List-Unsubscribe-Post')).toBe('List-Unsubscribe=One-Click');
		const unsubscribe = header(mail, 'List-Unsubscribe')!.replace(/^<|>$/g, '');
		expect(unsubscribe).toMatch(new RegExp(`^${app.baseURL}/unsubscribe/[a-z0-9]+$`));

		// Recorded as sent before the next crash. (A crash in the few milliseconds between the mail
		// server's "250 OK" and that commit sends it again, with the same Message-ID: mail-jobs.ts.)
		const nadiasRow = () =>
			app.db.select().from(mailMessage).where(eq(mailMessage.patientId, nadia.id)).get();
		await expect.poll(() => nadiasRow()?.status).toBe('sent');

		// crash again, with a second patient now due, whose reminder the mail server refuses
		// for now: the restart's scan queues hers (not Nadia's again), and she is still waiting
		// for it when the server dies once more
		await app.crash();
		const omid = dueSoon(app, 'Omid Karimi', 'omid@example.test', 1);
		sink.refuse(451);
		await app.restart();
		const omidsRow = () =>
			app.db.select().from(mailMessage).where(eq(mailMessage.patientId, omid.id)).get();
		await expect.poll(() => omidsRow()?.lastError ?? null).toMatch(/451/);
		await app.crash();
		expect(omidsRow()?.status).not.toBe('sent');
		sink.accept();
		await app.restart();
		await sink.waitFor(2);
		// the worker is idle once both are sent; give a duplicate the time it would need
		await new Promise((r) => setTimeout(r, 1500));
		expect(sink.to('nadia@example.test')).toHaveLength(1);
		expect(sink.to('omid@example.test')).toHaveLength(1);
		expect(sink.received).toHaveLength(2);
		const rows = app.db.select().from(mailMessage).where(eq(mailMessage.patientId, nadia.id)).all();
		expect(rows.map((r) => [r.dedupeKey, r.status])).toEqual([
			[reminderKey(nadia.id, nadia.courseId, nadia.dueOn), 'sent']
		]);

		// a link scanner opening the link changes nothing
		expect((await fetch(unsubscribe)).status).toBe(200);
		const choice = () =>
			app.db
				.select()
				.from(mailPreference)
				.where(
					and(eq(mailPreference.patientId, nadia.id), eq(mailPreference.kind, 'session_reminder'))
				)
				.get()!;
		expect(choice().unsubscribedAt).toBeNull();

		// what a mail client sends: a form POST with no cookie and no Origin of ours
		const res = await fetch(unsubscribe, {
			method: 'POST',
			headers: { 'content-type': 'application/x-www-form-urlencoded' },
			body: 'List-Unsubscribe=One-Click',
			redirect: 'manual'
		});
		expect(res.status).toBe(200);
		expect(choice().unsubscribedAt).not.toBeNull();
		// from another site too (a webmail page), which every other write is refused
		const crossSite = await fetch(unsubscribe, {
			method: 'POST',
			headers: {
				'content-type': 'application/x-www-form-urlencoded',
				origin: 'https://mail.example.test'
			},
			body: 'List-Unsubscribe=One-Click'
		});
		expect(crossSite.status).toBe(200);
		// but not the undo
		const undo = await fetch(`${unsubscribe}/resubscribe`, {
			method: 'POST',
			headers: {
				'content-type': 'application/x-www-form-urlencoded',
				origin: 'https://mail.example.test'
			},
			redirect: 'manual'
		});
		expect(undo.status).toBe(403);
		expect(choice().unsubscribedAt).not.toBeNull();

		// her session moves: a new due date, within the window, queues nothing for her
		app.db
			.update(treatmentSession)
			.set({ performedOn: addDays(nadia.today, -27) })
			.where(eq(treatmentSession.id, nadia.sessionId))
			.run();
		queueDueReminders(app.db);
		expect(
			app.db.select().from(mailMessage).where(eq(mailMessage.patientId, nadia.id)).all()
		).toHaveLength(1);

		// an unknown link is a 404, for the page and the one-click alike
		expect((await fetch(`${app.baseURL}/unsubscribe/nosuchtoken`)).status).toBe(404);
		const unknown = await fetch(`${app.baseURL}/unsubscribe/nosuchtoken`, {
			method: 'POST',
			headers: { 'content-type': 'application/x-www-form-urlencoded' },
			body: 'List-Unsubscribe=One-Click'
		});
		expect(unknown.status).toBe(404);

		// the page in a browser: undo, then unsubscribe with the button
		const path = new URL(unsubscribe).pathname;
		const context = await browser.newContext();
		const page = await context.newPage();
		await gotoHydrated(page, app.baseURL + path);
		await expect(page.getByRole('heading', { name: 'Unsubscribed' })).toBeVisible();
		await page.getByRole('button', { name: /Undo/ }).click();
		await expect(page.getByRole('status')).toContainText(
			'You will get session reminder emails from Demo Skin Clinic again.'
		);
		expect(choice().unsubscribedAt).toBeNull();
		await page.locator('html[data-hydrated]').waitFor({ state: 'attached' });
		await page.getByRole('button', { name: 'Unsubscribe' }).click();
		await expect(page.getByRole('status')).toContainText(
			'You will no longer get session reminder emails from Demo Skin Clinic.'
		);
		expect(choice().unsubscribedAt).not.toBeNull();
		await context.close();

		// front desk sees it on the patient page, with the reminder that was sent
		const desk = await browser.newContext();
		await app.signInAs(desk, 'frontdesk@demo.test');
		const deskPage = await desk.newPage();
		await deskPage.goto(`${app.baseURL}/clinic/patients/${nadia.id}`);
		const card = deskPage.getByRole('region', { name: 'Emails' });
		await expect(card).toContainText(/Next session reminder\s*Unsubscribed\s+on/);
		const sent = card.getByRole('list', { name: 'Latest emails' }).getByRole('listitem');
		await expect(sent).toHaveCount(1);
		await expect(sent).toContainText('Next session reminder');
		await expect(sent).toContainText('Sent');
		await desk.close();
	} finally {
		await app.stop();
		await sink.close();
	}
});
