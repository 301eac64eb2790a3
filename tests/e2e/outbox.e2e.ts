import { eq } from 'drizzle-orm';
import type { Page } from '@playwright/test';
import { test, expect, startApp, type App } from './app';
import { startSmtpSink } from '../support/smtp-sink';
import { writeTx } from '../../src/lib/server/db/client';
import { mailMessage, user } from '../../src/lib/server/db/schema';
import { queueMail } from '../../src/lib/server/mail/outbox';

/** A password reset for the demo's patient, queued as the app itself would (in a write). */
function queueReset(app: App, to: string) {
	const owner = app.db.select().from(user).where(eq(user.email, 'owner@demo.test')).get()!;
	return writeTx(app.db, (tx) =>
		queueMail(tx, {
			clinicId: owner.clinicId,
			kind: 'password_reset',
			to,
			vars: {
				firstName: 'Jordan',
				link: `${app.baseURL}/reset-password/secret-id.secret-part`,
				expires: '10:30'
			}
		})
	)!;
}

const statusOf = (app: App, id: string) =>
	app.db.select().from(mailMessage).where(eq(mailMessage.id, id)).get()!.status;

/** The outbox row of one recipient, reloaded until it shows `text`. */
async function rowShows(page: Page, app: App, to: string, text: string | RegExp) {
	await expect
		.poll(
			async () => {
				await page.goto(`${app.baseURL}/clinic/outbox`);
				return page.getByRole('row').filter({ hasText: to }).innerText();
			},
			{ timeout: 30_000 }
		)
		.toMatch(text);
}

test('a message the mail server refuses stays queued and visible, with no link, then goes on recovery', async ({
	page,
	context
}) => {
	test.setTimeout(120_000);
	const sink = await startSmtpSink();
	sink.refuse(451, 'Mailbox busy, try later');
	const app = await startApp({ demo: true, env: { SMTP_URL: sink.url, MAIL_RETRY_MS: '300' } });
	try {
		await app.signInAs(context, 'owner@demo.test');
		const id = queueReset(app, 'jordan@example.test');

		await rowShows(page, app, 'jordan@example.test', /queued[\s\S]*451 Mailbox busy/);
		const row = page.getByRole('row').filter({ hasText: 'jordan@example.test' });
		await expect(row).toContainText('Reset your Demo');
		await expect(row).toContainText('Password reset');
		const html = await page.content();
		expect(html).not.toContain('/reset-password/');
		expect(html).not.toContain('secret-part');
		expect(html).not.toContain('/invite/');
		expect(html).not.toContain('Someone asked to reset the password');
		// mail is delivered here: the owner is told where it goes, without a banner about files
		await expect(page.getByText(`Sent through 127.0.0.1:${sink.port}`)).toBeVisible();
		expect(sink.received).toHaveLength(0);

		sink.accept();
		await rowShows(page, app, 'jordan@example.test', /sent[\s\S]*250 .*sink-1/);
		expect(statusOf(app, id)).toBe('sent');
		await sink.waitFor(1);
		expect(sink.received).toHaveLength(1);
		expect(sink.received[0].to).toEqual(['jordan@example.test']);

		// a permanent refusal fails at once, shows up highlighted and in the banner, and goes
		// when the owner sends it again
		sink.refuse(550, 'No such user here');
		const bad = queueReset(app, 'nobody@example.test');
		await expect.poll(() => statusOf(app, bad), { timeout: 30_000 }).toBe('failed');
		await page.goto(`${app.baseURL}/clinic`);
		const banner = page.getByRole('status').filter({ hasText: 'could not be sent' });
		await expect(banner).toHaveText(/1 message could not be sent — Outbox/);
		await expect(page.getByText('Email is not being delivered')).toHaveCount(0);
		await banner.getByRole('link', { name: 'Outbox' }).click();
		await expect(page).toHaveURL(/\/clinic\/outbox\?status=failed$/);
		const failed = page.getByRole('row').filter({ hasText: 'nobody@example.test' });
		await expect(failed).toHaveClass(/failed/);
		await expect(failed).toContainText('550 No such user here');
		await expect(page.getByRole('row').filter({ hasText: 'jordan@example.test' })).toHaveCount(0);

		sink.accept();
		await page.locator('html[data-hydrated]').waitFor({ state: 'attached' });
		await failed.getByRole('button', { name: 'Send again to nobody@example.test' }).click();
		await expect(page.getByText('The message is queued to be sent again.')).toBeVisible();
		await expect.poll(() => statusOf(app, bad), { timeout: 30_000 }).toBe('sent');
		expect(sink.to('nobody@example.test')).toHaveLength(1);
		expect(sink.received).toHaveLength(2);
		await page.goto(`${app.baseURL}/clinic`);
		await expect(page.getByText('could not be sent')).toHaveCount(0);

		const resent = app.db.$client
			.prepare("select target_id from audit_event where action = 'mail_resend'")
			.pluck()
			.all();
		expect(resent).toEqual([bad]);
	} finally {
		await app.stop();
		await sink.close();
	}
});

test('without SMTP_URL the owner is told mail is not delivered; other staff are not, and cannot open the outbox', async ({
	demo,
	browser
}) => {
	const owner = await browser.newContext();
	await demo.signInAs(owner, 'owner@demo.test');
	const page = await owner.newPage();
	await page.goto(`${demo.baseURL}/clinic/patients`);
	const banner = page.getByRole('status').filter({ hasText: 'Email is not being delivered' });
	await expect(banner).toHaveText(/Email is not being delivered — messages are saved as files/);
	await banner.getByRole('link', { name: 'Outbox' }).click();
	await expect(page.getByRole('heading', { name: 'Outbox' })).toBeVisible();
	await expect(page.getByText('Mail is not being delivered')).toContainText(
		`there is no SMTP_URL, so each message is written as a file to ${demo.dir}/mail.`
	);
	await expect(
		page.getByText(/No messages yet\. Messages appear here when the clinic sends/)
	).toBeVisible();
	await expect(
		page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Outbox' })
	).toBeVisible();
	await owner.close();

	for (const email of ['clinician@demo.test', 'frontdesk@demo.test']) {
		const context = await browser.newContext();
		await demo.signInAs(context, email);
		const staffPage = await context.newPage();
		await staffPage.goto(`${demo.baseURL}/clinic`);
		await expect(staffPage.getByRole('heading', { level: 1 })).toBeVisible();
		await expect(staffPage.getByText('Email is not being delivered')).toHaveCount(0);
		await expect(staffPage.getByRole('link', { name: 'Outbox' })).toHaveCount(0);
		const res = await staffPage.goto(`${demo.baseURL}/clinic/outbox`);
		expect(res?.status(), email).toBe(404);
		await context.close();
	}
});

test('staff read each message’s wording; the owner rewords one, a bad wording is refused, and the default comes back', async ({
	demo,
	browser
}) => {
	const desk = await browser.newContext();
	await demo.signInAs(desk, 'frontdesk@demo.test');
	const deskPage = await desk.newPage();
	await deskPage.goto(`${demo.baseURL}/clinic`);
	await deskPage.getByRole('link', { name: 'Messages' }).click();
	await expect(deskPage.getByRole('heading', { name: 'Messages', level: 1 })).toBeVisible();
	await deskPage.getByText('Next session reminder').click();
	const reminder = deskPage.locator('details').filter({ hasText: 'Next session reminder' });
	await expect(reminder).toContainText('Your next session at {clinicName} is due on {date}');
	await expect(reminder.getByRole('region', { name: /Preview/ })).toContainText(
		'Your next session at Demo'
	);
	await expect(reminder.getByRole('region', { name: /Preview/ })).toContainText('5 January 2027');
	await expect(deskPage.getByRole('textbox')).toHaveCount(0);
	await expect(deskPage.getByRole('button', { name: 'Save wording' })).toHaveCount(0);
	await desk.close();

	const owner = await browser.newContext();
	await demo.signInAs(owner, 'owner@demo.test');
	const page = await owner.newPage();
	await page.goto(`${demo.baseURL}/clinic/settings`);
	await page.locator('html[data-hydrated]').waitFor({ state: 'attached' });
	await page.getByRole('link', { name: 'Email messages' }).click();
	await page.getByText('Next session reminder').click();
	const card = page.locator('details').filter({ hasText: 'Next session reminder' });
	await card.getByLabel('Text').fill('Hello {firstName}, your {concern} session is due.');
	await card.getByRole('button', { name: 'Save wording' }).click();
	await expect(card.getByRole('alert')).toContainText('{concern} is not available in this message');
	// what was typed stays for mending; nothing was saved
	await expect(card.getByLabel('Text')).toHaveValue(
		'Hello {firstName}, your {concern} session is due.'
	);
	await card.getByLabel('Text').fill('Hello {firstName}, see you on {date}.\n\n{link}');
	await card.getByLabel('Subject').fill('See you soon at {clinicName}');
	await card.getByRole('button', { name: 'Save wording' }).click();
	await expect(card.getByRole('status')).toContainText('Wording saved.');
	await expect(card.getByRole('region', { name: /Preview/ })).toContainText(
		'Hello Ana, see you on 5 January 2027.'
	);
	await expect(card).toContainText('Edited');
	await card.getByRole('button', { name: 'Restore the default wording' }).click();
	await expect(card.getByRole('status')).toContainText('The default wording is back.');
	await expect(card.getByLabel('Subject')).toHaveValue('Your next visit to {clinicName} is due');
	const audited = demo.db.$client
		.prepare("select detail from audit_event where action = 'mail_template_change' order by at")
		.pluck()
		.all();
	expect(audited).toEqual(['session_reminder', 'session_reminder (default wording)']);
	await owner.close();
});
