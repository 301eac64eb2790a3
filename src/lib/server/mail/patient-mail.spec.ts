import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { seedPatient, seedUser, tempDb } from '$test/support/test-db';
import { writeTx } from '../db/client';
import { auditEvent, mailMessage, patient, user } from '../db/schema';
import type { StaffActor } from '../auth/guard';
import { preference, queueMail } from './outbox';
import {
	noticeByToken,
	patientMailSummary,
	resubscribeByToken,
	unsubscribeByToken
} from './patient-mail';

let t: ReturnType<typeof tempDb>;
beforeEach(() => {
	t = tempDb();
});
afterEach(() => t.cleanup());

function world() {
	const { clinic, user: owner } = seedUser(t.db, 'frontdesk');
	const p = seedPatient(t.db, clinic.id, owner.id, 'Ana Soto');
	t.db.update(patient).set({ email: 'ana@example.test' }).where(eq(patient.id, p.id)).run();
	const token = writeTx(t.db, (tx) => preference(tx, p.id, 'session_reminder').token);
	const actor = { user: owner, clinicId: clinic.id } as StaffActor;
	return { clinic, p, token, actor };
}

const remind = (clinicId: string, patientId: string, key: string) =>
	writeTx(t.db, (tx) =>
		queueMail(tx, {
			clinicId,
			kind: 'session_reminder',
			to: 'ana@example.test',
			patientId,
			dedupeKey: key,
			vars: { firstName: 'Ana', date: 'Tuesday 8 December', link: 'https://x.test/c/x' }
		})
	);

describe('unsubscribing by token', () => {
	it('stops that kind for that patient, once, audited with no actor; undo brings it back', () => {
		const { clinic, p, token } = world();
		expect(noticeByToken(t.db, token)).toMatchObject({
			kind: 'session_reminder',
			clinicName: 'Test clinic',
			unsubscribedAt: null
		});
		const at = new Date('2026-12-01T10:00:00Z');
		expect(unsubscribeByToken(t.db, token, at)?.unsubscribedAt).toEqual(at);
		// a second one-click keeps the first date and writes nothing
		expect(unsubscribeByToken(t.db, token, new Date())?.unsubscribedAt).toEqual(at);
		expect(remind(clinic.id, p.id, 'k1')).toBeNull();
		// the other kind is not touched
		expect(writeTx(t.db, (tx) => preference(tx, p.id, 'photos_ready')).unsubscribedAt).toBeNull();

		expect(resubscribeByToken(t.db, token)?.unsubscribedAt).toBeNull();
		expect(remind(clinic.id, p.id, 'k2')).not.toBeNull();
		const audits = t.db.select().from(auditEvent).all();
		expect(audits.map((a) => [a.action, a.actorUserId, a.targetType, a.targetId])).toEqual([
			['mail_unsubscribe', null, 'patient', p.id],
			['mail_resubscribe', null, 'patient', p.id]
		]);
	});

	it('an unknown token is nothing', () => {
		world();
		expect(noticeByToken(t.db, 'nope')).toBeNull();
		expect(unsubscribeByToken(t.db, 'nope')).toBeNull();
		expect(resubscribeByToken(t.db, 'nope')).toBeNull();
		expect(t.db.select().from(auditEvent).all()).toEqual([]);
	});
});

describe('patientMailSummary', () => {
	it('shows each notice’s choice and the latest messages, with no body, address or link', () => {
		const { clinic, p, token, actor } = world();
		remind(clinic.id, p.id, 'k1');
		unsubscribeByToken(t.db, token, new Date('2026-12-02T09:00:00Z'));
		const summary = patientMailSummary(t.db, actor, p.id);
		expect(summary.notices).toEqual([
			{
				kind: 'session_reminder',
				label: 'Next session reminder',
				unsubscribedAt: new Date('2026-12-02T09:00:00Z')
			},
			{ kind: 'photos_ready', label: 'New photos in the timeline', unsubscribedAt: null }
		]);
		expect(summary.recent).toHaveLength(1);
		expect(Object.keys(summary.recent[0]).sort()).toEqual(
			['createdAt', 'id', 'kind', 'label', 'sentAt', 'status'].sort()
		);
		expect(t.db.select().from(mailMessage).all()).toHaveLength(1);
	});

	it('another clinic’s staff get a 404', () => {
		const { p } = world();
		const other = seedUser(t.db, 'owner');
		const outsider = {
			user: t.db.select().from(user).where(eq(user.id, other.user.id)).get()!,
			clinicId: other.clinic.id
		} as StaffActor;
		expect(() => patientMailSummary(t.db, outsider, p.id)).toThrow();
	});
});
