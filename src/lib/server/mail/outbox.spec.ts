import fs from 'node:fs';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { seedPatient, seedUser, tempDb } from '$test/support/test-db';
import { startSmtpSink, type SmtpSink } from '$test/support/smtp-sink';
import { writeTx } from '../db/client';
import { job, mailMessage, mailPreference } from '../db/schema';
import { startWorker, type Worker } from '../jobs/worker';
import { queueMail, requeueMail } from './outbox';
import { mailJobs } from './mail-jobs';
import { fileTransport, smtpTransport, type MailTransport } from './transport';

let t: ReturnType<typeof tempDb>;
let sink: SmtpSink;
let workers: Worker[] = [];
beforeEach(async () => {
	t = tempDb();
	sink = await startSmtpSink();
	process.env.MAIL_RETRY_MS = '50';
	process.env.ORIGIN = 'https://results.example-clinic.test';
});
afterEach(async () => {
	await Promise.all(workers.map((w) => w.stop()));
	workers = [];
	await sink.close();
	t.cleanup();
	delete process.env.MAIL_RETRY_MS;
	delete process.env.ORIGIN;
});

const message = (id: string) =>
	t.db.select().from(mailMessage).where(eq(mailMessage.id, id)).get()!;

function work(transport: MailTransport) {
	const worker = startWorker(
		t.db,
		mailJobs(t.db, () => transport),
		{ concurrency: 1, pollMs: 20, log: () => {} }
	);
	workers.push(worker);
	return worker;
}

function reset(to = 'ana@example.test', now = new Date()) {
	const { clinic, user } = seedUser(t.db, 'patient');
	return writeTx(t.db, (tx) =>
		queueMail(
			tx,
			{
				clinicId: clinic.id,
				kind: 'password_reset',
				to,
				userId: user.id,
				vars: { firstName: 'Ana', link: 'https://x.test/reset-password/abc.def', expires: '10:30' }
			},
			now
		)
	)!;
}

describe('the outbox', () => {
	it('queues in the caller’s transaction: a rolled-back event leaves no message and no job', () => {
		const { clinic } = seedUser(t.db);
		expect(() =>
			writeTx(t.db, (tx) => {
				queueMail(tx, {
					clinicId: clinic.id,
					kind: 'staff_invitation',
					to: 'new@example.test',
					vars: { firstName: 'Bo', link: 'https://x.test/invite/a.b', role: 'a clinician' }
				});
				throw new Error('the invitation failed after all');
			})
		).toThrow();
		expect(t.db.select().from(mailMessage).all()).toHaveLength(0);
		expect(t.db.select().from(job).all()).toHaveLength(0);
	});

	it('sends through SMTP in the clinic’s name, text and HTML, and keeps the answer, not the body', async () => {
		const id = reset();
		const worker = work(smtpTransport(sink.url));
		await sink.waitFor(1);
		await worker.idle();
		await worker.stop();
		const got = sink.received[0];
		expect(got.to).toEqual(['ana@example.test']);
		expect(got.parsed.from?.value[0]).toMatchObject({ name: 'Test clinic' });
		expect(got.parsed.subject).toBe('Reset your Test clinic password');
		expect(got.parsed.text).toContain('https://x.test/reset-password/abc.def');
		expect(got.parsed.html).toContain('href="https://x.test/reset-password/abc.def"');
		const row = message(id);
		expect(row.status).toBe('sent');
		expect(row.smtpResponse).toMatch(/^250 .*sink-1/);
		expect(got.parsed.messageId).toBe(row.messageId);
		expect(row.textBody).toBeNull();
		expect(row.htmlBody).toBeNull();
	});

	it('keeps a refused message queued with the server’s words, and sends it on recovery', async () => {
		sink.refuse(451, 'Mailbox busy, try later');
		const id = reset();
		const worker = work(smtpTransport(sink.url));
		await expect
			.poll(() => message(id), { timeout: 10_000 })
			.toMatchObject({
				status: 'queued',
				attempts: expect.toSatisfy((n: number) => n >= 2),
				lastError: expect.stringMatching(/^451 Mailbox busy/)
			});
		expect(sink.received).toHaveLength(0);
		sink.accept();
		await sink.waitFor(1);
		await expect.poll(() => message(id).status).toBe('sent');
		await worker.stop();
		expect(sink.received).toHaveLength(1);
	});

	it('marks a permanently refused (5xx) message failed, and sends it again only when asked', async () => {
		sink.refuse(550, 'No such user here');
		const id = reset();
		const worker = work(smtpTransport(sink.url));
		await expect.poll(() => message(id).status, { timeout: 10_000 }).toBe('failed');
		expect(message(id).lastError).toMatch(/550/);
		sink.accept();
		writeTx(t.db, (tx) => expect(requeueMail(tx, id)).toBe(true));
		worker.poke();
		await sink.waitFor(1);
		await expect.poll(() => message(id).status).toBe('sent');
		writeTx(t.db, (tx) => expect(requeueMail(tx, id)).toBe(false));
		await worker.stop();
	});

	it('never sends a message twice: a sent one is skipped by a second job or a restart', async () => {
		const id = reset();
		let worker = work(smtpTransport(sink.url));
		await sink.waitFor(1);
		await worker.idle();
		await worker.stop();
		// the same job again, as after a crash that left it running
		writeTx(t.db, (tx) => tx.update(job).set({ status: 'running' }).run());
		worker = work(smtpTransport(sink.url));
		await worker.idle();
		await worker.stop();
		expect(sink.received).toHaveLength(1);
		expect(message(id).status).toBe('sent');
	});

	it('drops a second message with the same key: a reminder goes once per due date', () => {
		const { clinic, user } = seedUser(t.db);
		const p = seedPatient(t.db, clinic.id, user.id, 'Ana Ruiz');
		const remind = () =>
			writeTx(t.db, (tx) =>
				queueMail(tx, {
					clinicId: clinic.id,
					kind: 'session_reminder',
					to: 'ana@example.test',
					patientId: p.id,
					dedupeKey: `reminder:${p.id}:2027-01-05`,
					vars: { firstName: 'Ana', date: '5 January 2027', link: 'https://x.test/me' }
				})
			);
		expect(remind()).toBeTruthy();
		expect(remind()).toBeNull();
		expect(t.db.select().from(mailMessage).all()).toHaveLength(1);
	});

	it('gives optional notices a one-click unsubscribe and honours it, even after queueing', async () => {
		const { clinic, user } = seedUser(t.db);
		const p = seedPatient(t.db, clinic.id, user.id, 'Ana Ruiz');
		const notice = () =>
			writeTx(t.db, (tx) =>
				queueMail(tx, {
					clinicId: clinic.id,
					kind: 'photos_ready',
					to: 'ana@example.test',
					patientId: p.id,
					vars: { firstName: 'Ana', date: '5 January 2027', link: 'https://x.test/me' }
				})
			);
		const first = notice()!;
		const pref = t.db.select().from(mailPreference).get()!;
		expect(message(first).headers).toEqual({
			'List-Unsubscribe': `<https://results.example-clinic.test/unsubscribe/${pref.token}>`,
			'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click'
		});
		writeTx(t.db, (tx) => tx.update(mailPreference).set({ unsubscribedAt: new Date() }).run());
		const worker = work(smtpTransport(sink.url));
		await expect.poll(() => message(first).status).toBe('skipped');
		await worker.stop();
		expect(notice()).toBeNull();
		expect(sink.received).toHaveLength(0);
	});

	it('without a mail server writes one .eml per message, once, to the mail folder', async () => {
		const dir = path.join(t.dir, 'mail');
		const id = reset();
		const transport = fileTransport(dir);
		const worker = work(transport);
		await expect.poll(() => message(id).status).toBe('sent');
		await worker.stop();
		const files = fs.readdirSync(dir);
		expect(files).toHaveLength(1);
		expect(files[0]).toMatch(/-password_reset-.*\.eml$/);
		const eml = fs.readFileSync(path.join(dir, files[0]), 'utf8');
		expect(eml).toMatch(/^Subject: Reset your Test clinic password$/m);
		expect(eml).toContain('https://x.test/reset-password/abc.def');
		expect(fs.statSync(path.join(dir, files[0])).mode & 0o777).toBe(0o600);
		expect(message(id).smtpResponse).toMatch(/^written to /);
	});
});
