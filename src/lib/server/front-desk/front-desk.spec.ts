import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { writeTx } from '../db/client';
import { auditEvent, course, patient, patientContact, treatmentSession } from '../db/schema';
import { seedPatient, seedUser, tempDb } from '$test/support/test-db';
import type { StaffActor } from '../auth/guard';
import { recordContact, patientContacts } from './contacts';
import { frontDeskSchedule } from './schedule';
import { parseContactForm } from './contact-form';
import type { ScheduleQuery } from '../../domain/schedule-weeks';

// Wednesday
const TODAY = '2026-12-02';
const ALL: ScheduleQuery = { weeks: 4, concern: null, uncontacted: false, q: '' };

let t: ReturnType<typeof tempDb>;
let desk: StaffActor;
beforeEach(() => {
	t = tempDb();
	const { clinic, user: u } = seedUser(t.db, 'frontdesk');
	desk = { user: u as StaffActor['user'], clinicId: clinic.id };
});
afterEach(() => t.cleanup());

/** A patient with one course of 3 sessions, 4 weeks apart, the last one on `lastOn`. */
function patientDue(name: string, lastOn: string, phone: string | null = '+442079460123') {
	const p = seedPatient(t.db, desk.clinicId, desk.user.id, name);
	return writeTx(t.db, (tx) => {
		tx.update(patient)
			.set({ phone, email: `${name.split(' ')[0].toLowerCase()}@example.test` })
			.where(eq(patient.id, p.id))
			.run();
		const c = tx
			.insert(course)
			.values({
				clinicId: desk.clinicId,
				patientId: p.id,
				concern: 'acne_scars',
				areas: ['cheeks'],
				plannedSessions: 3,
				intervalWeeks: 4,
				startedOn: lastOn
			})
			.returning()
			.get();
		tx.insert(treatmentSession)
			.values({ clinicId: desk.clinicId, courseId: c.id, performedOn: lastOn })
			.run();
		return { patientId: p.id, courseId: c.id };
	});
}

const form = (fields: Record<string, string>) => {
	const data = new FormData();
	for (const [k, v] of Object.entries(fields)) {
		data.set(k, v);
	}
	return data;
};

describe('the front desk’s schedule', () => {
	it('groups by week with phone and email, overdue first, using the one due-date rule', () => {
		patientDue('Next Week', '2026-11-11'); // due 9 Dec
		patientDue('Overdue', '2026-10-14', null); // due 11 Nov: more than a week late
		patientDue('This Week', '2026-11-06'); // due 4 Dec
		patientDue('Too Far', '2026-12-01'); // due 29 Dec: past four weeks
		const s = frontDeskSchedule(t.db, desk, TODAY, ALL);
		expect(s.groups.map((g) => [g.key, g.rows.map((r) => r.patientName)])).toEqual([
			['overdue', ['Overdue']],
			['this', ['This Week']],
			['next', ['Next Week']]
		]);
		const next = s.groups[2].rows[0];
		expect(next).toMatchObject({
			nextDueOn: '2026-12-09',
			done: 1,
			planned: 3,
			phone: '+44 20 7946 0123',
			phoneE164: '+442079460123',
			email: 'next@example.test',
			lastContact: null
		});
		expect(s.groups[0].rows[0].phone).toBeNull();
		expect(frontDeskSchedule(t.db, desk, TODAY, { ...ALL, weeks: 8 }).shown).toBe(4);
	});

	it('shows the latest contact about the current due date, and filters out the contacted', () => {
		const a = patientDue('Ann Called', '2026-11-11');
		patientDue('Ben Waiting', '2026-11-11');
		const at = (iso: string) => new Date(iso);
		recordContact(
			t.db,
			desk,
			{ ...a, dueOn: '2026-12-09', channel: 'phone', outcome: 'no_answer', note: null },
			at('2026-11-30T09:00:00Z')
		);
		recordContact(
			t.db,
			desk,
			{ ...a, dueOn: '2026-12-09', channel: 'phone', outcome: 'left_message', note: 'Voicemail' },
			at('2026-12-01T09:00:00Z')
		);
		const rows = frontDeskSchedule(t.db, desk, TODAY, ALL).groups.flatMap((g) => g.rows);
		const ann = rows.find((r) => r.patientName === 'Ann Called')!;
		expect(ann.lastContact).toMatchObject({
			outcome: 'left_message',
			channel: 'phone',
			note: 'Voicemail',
			by: 'Test user'
		});
		const open = frontDeskSchedule(t.db, desk, TODAY, { ...ALL, uncontacted: true });
		expect(open.groups.flatMap((g) => g.rows.map((r) => r.patientName))).toEqual(['Ben Waiting']);
		expect(open.inRange).toBe(2);
	});

	it('a contact about an earlier due date does not count for the next one', () => {
		const a = patientDue('Ann', '2026-11-11');
		recordContact(t.db, desk, {
			...a,
			dueOn: '2026-11-11',
			channel: 'phone',
			outcome: 'booked',
			note: null
		});
		const rows = frontDeskSchedule(t.db, desk, TODAY, { ...ALL, uncontacted: true });
		expect(rows.shown).toBe(1);
	});

	it('shows nothing of another clinic', () => {
		patientDue('Mine', '2026-11-11');
		const other = seedUser(t.db, 'owner');
		const stranger = { user: other.user, clinicId: other.clinic.id } as StaffActor;
		expect(frontDeskSchedule(t.db, stranger, TODAY, ALL).inRange).toBe(0);
	});
});

describe('logging a contact', () => {
	it('writes the row and an audit event naming the patient, without the note', () => {
		const a = patientDue('Ann', '2026-11-11');
		recordContact(t.db, desk, {
			...a,
			dueOn: '2026-12-09',
			channel: 'phone',
			outcome: 'left_message',
			note: 'Said she is travelling'
		});
		const events = t.db
			.select()
			.from(auditEvent)
			.where(eq(auditEvent.action, 'patient_contact'))
			.all();
		expect(events).toHaveLength(1);
		expect(events[0]).toMatchObject({
			targetType: 'patient',
			targetId: a.patientId,
			actorUserId: desk.user.id,
			detail: 'Phone call: left message about the session due 9 Dec 2026'
		});
		expect(patientContacts(t.db, desk, a.patientId)).toMatchObject([
			{ outcome: 'left_message', note: 'Said she is travelling', by: 'Test user' }
		]);
	});

	it('refuses another clinic’s patient, or a course not the patient’s, writing nothing', () => {
		const a = patientDue('Ann', '2026-11-11');
		const b = patientDue('Ben', '2026-11-11');
		const other = seedUser(t.db, 'owner');
		const stranger = { user: other.user, clinicId: other.clinic.id } as StaffActor;
		const input = { dueOn: null, channel: 'phone', outcome: 'booked', note: null } as const;
		expect(() => recordContact(t.db, stranger, { ...a, ...input })).toThrow();
		expect(() =>
			recordContact(t.db, desk, { patientId: a.patientId, courseId: b.courseId, ...input })
		).toThrow();
		expect(t.db.select().from(patientContact).all()).toEqual([]);
		expect(
			t.db.select().from(auditEvent).where(eq(auditEvent.action, 'patient_contact')).all()
		).toEqual([]);
	});

	it('parses the form, and refuses an unknown outcome or a long note with a sentence', () => {
		const ok = parseContactForm(
			form({
				patientId: 'p1',
				courseId: 'c1',
				dueOn: '2026-12-09',
				channel: 'text',
				outcome: 'booked',
				note: ''
			})
		);
		expect(ok).toEqual({
			ok: true,
			data: {
				patientId: 'p1',
				courseId: 'c1',
				dueOn: '2026-12-09',
				channel: 'text',
				outcome: 'booked',
				note: null
			}
		});
		const noCourse = parseContactForm(
			form({ patientId: 'p1', channel: 'phone', outcome: 'no_answer' })
		);
		expect(noCourse.ok && noCourse.data).toMatchObject({ courseId: null, dueOn: null, note: null });
		const bad = parseContactForm(form({ patientId: 'p1', channel: 'phone', outcome: 'maybe' }));
		expect(bad).toMatchObject({ ok: false, message: 'Choose what came of it.' });
		const long = parseContactForm(
			form({ patientId: 'p1', channel: 'phone', outcome: 'booked', note: 'x'.repeat(501) })
		);
		expect(long).toMatchObject({ ok: false, message: 'Keep the note under 500 characters.' });
		const date = parseContactForm(
			form({ patientId: 'p1', channel: 'phone', outcome: 'booked', dueOn: '2026-13-40' })
		);
		expect(date.ok).toBe(false);
	});

	it('the database holds the same limits', () => {
		const a = patientDue('Ann', '2026-11-11');
		const insert = (values: Record<string, unknown>) => () =>
			t.db
				.insert(patientContact)
				.values({
					clinicId: desk.clinicId,
					patientId: a.patientId,
					channel: 'phone',
					outcome: 'booked',
					contactedBy: desk.user.id,
					contactedAt: new Date(),
					...values
				} as typeof patientContact.$inferInsert)
				.run();
		expect(insert({ outcome: 'maybe' })).toThrow(/CHECK/);
		expect(insert({ note: 'x'.repeat(501) })).toThrow(/CHECK/);
	});
});
