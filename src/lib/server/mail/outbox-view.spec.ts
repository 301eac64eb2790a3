import path from 'node:path';
import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { seedUser, tempDb } from '$test/support/test-db';
import { writeTx } from '../db/client';
import { auditEvent, job, mailMessage, user } from '../db/schema';
import type { StaffActor } from '../auth/guard';
import { queueMail } from './outbox';
import {
	failedMailCount,
	listOutbox,
	mailDestination,
	OUTBOX_PAGE,
	resendFailed
} from './outbox-view';

let t: ReturnType<typeof tempDb>;
beforeEach(() => {
	t = tempDb();
});
afterEach(() => {
	t.cleanup();
	delete process.env.SMTP_URL;
	delete process.env.MAIL_DIR;
});

const LINK = 'https://x.test/reset-password/abc.def';

function clinicWithOwner() {
	const { clinic, user: owner } = seedUser(t.db, 'owner');
	return { clinic, owner: { user: owner, clinicId: clinic.id } as StaffActor };
}

function staffOf(clinicId: string, role: 'clinician' | 'frontdesk'): StaffActor {
	const u = t.db
		.insert(user)
		.values({ clinicId, email: `${role}@x.test`, name: role, role, passwordHash: 'x' })
		.returning()
		.get();
	return { user: u, clinicId } as StaffActor;
}

function reset(clinicId: string, to = 'ana@example.test', at = new Date()) {
	return writeTx(t.db, (tx) =>
		queueMail(
			tx,
			{
				clinicId,
				kind: 'password_reset',
				to,
				vars: { firstName: 'Ana', link: LINK, expires: '10:30' }
			},
			at
		)
	)!;
}

const setStatus = (id: string, set: Partial<typeof mailMessage.$inferInsert>) =>
	writeTx(t.db, (tx) => tx.update(mailMessage).set(set).where(eq(mailMessage.id, id)).run());

describe('the owner’s outbox', () => {
	it('lists who, what and how it went, newest first, and never a body or a link', () => {
		const { clinic, owner } = clinicWithOwner();
		const older = reset(clinic.id, 'old@example.test', new Date('2027-01-01T09:00:00Z'));
		const newer = reset(clinic.id, 'new@example.test', new Date('2027-01-02T09:00:00Z'));
		setStatus(older, { status: 'queued', attempts: 2, lastError: '451 Mailbox busy' });
		const { messages, counts } = listOutbox(t.db, owner);
		expect(messages.map((m) => m.id)).toEqual([newer, older]);
		expect(messages[1]).toMatchObject({
			to: 'old@example.test',
			subject: 'Reset your Test clinic password',
			kind: 'password_reset',
			kindLabel: 'Password reset',
			status: 'queued',
			attempts: 2,
			lastError: '451 Mailbox busy'
		});
		expect(Object.keys(messages[0]).sort()).toEqual(
			[
				'answer',
				'attempts',
				'createdAt',
				'id',
				'kind',
				'kindLabel',
				'lastError',
				'linkExpired',
				'sentAt',
				'status',
				'subject',
				'to'
			].sort()
		);
		expect(JSON.stringify(messages)).not.toContain('reset-password');
		expect(counts).toMatchObject({ all: 2, queued: 2, failed: 0 });
	});

	it('filters by status and pages by 50', () => {
		const { clinic, owner } = clinicWithOwner();
		const base = Date.parse('2027-01-01T00:00:00Z');
		const ids = Array.from({ length: OUTBOX_PAGE + 3 }, (_, i) =>
			reset(clinic.id, `p${i}@example.test`, new Date(base + i * 1000))
		);
		setStatus(ids[0], { status: 'failed', lastError: '550 No such user' });
		const first = listOutbox(t.db, owner);
		expect(first).toMatchObject({ page: 1, pages: 2, total: OUTBOX_PAGE + 3 });
		expect(first.messages).toHaveLength(OUTBOX_PAGE);
		expect(first.messages[0].to).toBe(`p${OUTBOX_PAGE + 2}@example.test`);
		const second = listOutbox(t.db, owner, { page: 2 });
		expect(second.messages.map((m) => m.to)).toEqual([
			'p2@example.test',
			'p1@example.test',
			'p0@example.test'
		]);
		// a page beyond the end shows the last one
		expect(listOutbox(t.db, owner, { page: 99 }).page).toBe(2);
		const failed = listOutbox(t.db, owner, { status: 'failed' });
		expect(failed.messages.map((m) => m.id)).toEqual([ids[0]]);
		expect(failed).toMatchObject({ pages: 1, total: 1 });
		expect(failed.counts).toMatchObject({
			all: OUTBOX_PAGE + 3,
			failed: 1,
			queued: OUTBOX_PAGE + 2
		});
	});

	it('shows a clinic only its own messages, and nothing to staff without the permission', () => {
		const a = clinicWithOwner();
		const b = clinicWithOwner();
		reset(a.clinic.id);
		expect(listOutbox(t.db, b.owner).messages).toEqual([]);
		expect(listOutbox(t.db, staffOf(a.clinic.id, 'clinician')).messages).toEqual([]);
		expect(listOutbox(t.db, staffOf(a.clinic.id, 'frontdesk')).counts.all).toBe(0);
	});

	it('counts failures for the banner', () => {
		const { clinic, owner } = clinicWithOwner();
		setStatus(reset(clinic.id), { status: 'failed' });
		setStatus(reset(clinic.id), { status: 'failed' });
		reset(clinic.id);
		expect(failedMailCount(t.db, owner)).toBe(2);
		expect(failedMailCount(t.db, clinicWithOwner().owner)).toBe(0);
	});
});

describe('sending a failed message again', () => {
	it('refuses a message whose one-time link has expired, and the outbox says so', () => {
		const { clinic, owner } = clinicWithOwner();
		const queuedAt = new Date('2026-12-01T09:00:00Z');
		const id = reset(clinic.id, 'ana@example.test', queuedAt);
		setStatus(id, { status: 'failed', attempts: 5, lastError: '421 try later' });
		// a reset link lives 30 minutes
		const later = new Date(queuedAt.getTime() + 31 * 60 * 1000);
		expect(resendFailed(t.db, owner, id, later)).toBe('link_expired');
		expect(t.db.select().from(mailMessage).where(eq(mailMessage.id, id)).get()!.status).toBe(
			'failed'
		);
		expect(listOutbox(t.db, owner, {}, later).messages[0].linkExpired).toBe(true);
		const soon = new Date(queuedAt.getTime() + 29 * 60 * 1000);
		expect(listOutbox(t.db, owner, {}, soon).messages[0].linkExpired).toBe(false);
		expect(resendFailed(t.db, owner, id, soon)).toBe('resent');
	});

	it('queues it with a new job and audits it', () => {
		const { clinic, owner } = clinicWithOwner();
		const id = reset(clinic.id);
		setStatus(id, { status: 'failed', attempts: 1, lastError: '550 No such user' });
		const jobsBefore = t.db.select().from(job).all().length;
		expect(resendFailed(t.db, owner, id)).toBe('resent');
		const row = t.db.select().from(mailMessage).where(eq(mailMessage.id, id)).get()!;
		expect(row).toMatchObject({ status: 'queued', attempts: 0 });
		expect(t.db.select().from(job).all()).toHaveLength(jobsBefore + 1);
		const audited = t.db
			.select()
			.from(auditEvent)
			.where(eq(auditEvent.action, 'mail_resend'))
			.get();
		expect(audited).toMatchObject({ targetId: id, actorUserId: owner.user.id, ok: true });
	});

	it('refuses another clinic’s, a queued or sent one, a wrong id, and staff who are not the owner', () => {
		const a = clinicWithOwner();
		const b = clinicWithOwner();
		const failed = reset(a.clinic.id);
		setStatus(failed, { status: 'failed' });
		const sent = reset(a.clinic.id);
		setStatus(sent, { status: 'sent' });
		const queued = reset(a.clinic.id);
		expect(resendFailed(t.db, b.owner, failed)).toBeNull();
		expect(resendFailed(t.db, staffOf(a.clinic.id, 'clinician'), failed)).toBeNull();
		expect(resendFailed(t.db, a.owner, sent)).toBeNull();
		expect(resendFailed(t.db, a.owner, queued)).toBeNull();
		expect(resendFailed(t.db, a.owner, 'no-such-id')).toBeNull();
		expect(t.db.select().from(mailMessage).where(eq(mailMessage.id, failed)).get()!.status).toBe(
			'failed'
		);
		expect(
			t.db.select().from(auditEvent).where(eq(auditEvent.action, 'mail_resend')).all()
		).toEqual([]);
	});
});

describe('where mail goes', () => {
	it('names the folder of .eml files when there is no SMTP_URL', () => {
		process.env.MAIL_DIR = path.join(process.cwd(), 'data', 'somewhere', 'mail');
		expect(mailDestination()).toEqual({
			delivered: false,
			folder: path.join('data', 'somewhere', 'mail')
		});
		// a folder elsewhere is named in full, not as ../../…
		process.env.MAIL_DIR = '/srv/elsewhere/mail';
		expect(mailDestination()).toEqual({ delivered: false, folder: '/srv/elsewhere/mail' });
	});

	it('names the mail server without the credentials SMTP_URL carries', () => {
		process.env.SMTP_URL = 'smtps://user:s3cret@mail.example.com:465';
		const where = mailDestination();
		expect(where).toEqual({ delivered: true, host: 'mail.example.com:465' });
		expect(JSON.stringify(where)).not.toContain('s3cret');
	});
});
