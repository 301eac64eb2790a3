import path from 'node:path';
import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { seedPatient, seedUser, tempDb } from '$test/support/test-db';
import { openDatabase, writeTx } from '../db/client';
import {
	clinic,
	course,
	job,
	mailMessage,
	mailPreference,
	patient,
	treatmentSession,
	user
} from '../db/schema';
import { DEFAULT_CLINIC_SETTINGS, type ClinicSettings } from '../../domain/clinic-settings';
import { addDays } from '../../domain/schedule';
import { queueDueReminders, reminderKey } from './reminders';

let t: ReturnType<typeof tempDb>;
beforeEach(() => {
	t = tempDb();
	process.env.ORIGIN = 'https://results.example-clinic.test';
});
afterEach(() => {
	t.cleanup();
	delete process.env.ORIGIN;
});

const DUE = '2026-12-10';

/**
 * A clinic in `timeZone` and its patient Ana, whose 3-session course (every 4 weeks) had its
 * first session four weeks before DUE: her next session is due on DUE.
 */
function clinicWithPatient(settings: Partial<ClinicSettings> = {}, timeZone = 'UTC') {
	const { clinic: c, user: owner } = seedUser(t.db);
	t.db
		.update(clinic)
		.set({ settings: { ...DEFAULT_CLINIC_SETTINGS, timeZone, ...settings } })
		.where(eq(clinic.id, c.id))
		.run();
	const p = seedPatient(t.db, c.id, owner.id, 'Ana María Soto');
	t.db.update(patient).set({ email: 'ana@example.test' }).where(eq(patient.id, p.id)).run();
	const co = t.db
		.insert(course)
		.values({
			clinicId: c.id,
			patientId: p.id,
			concern: 'acne_scars',
			areas: ['cheeks'],
			plannedSessions: 3,
			intervalWeeks: 4,
			startedOn: addDays(DUE, -28)
		})
		.returning()
		.get();
	logSession(c.id, co.id, addDays(DUE, -28));
	return { clinicId: c.id, slug: c.slug, patientId: p.id, courseId: co.id };
}

function logSession(clinicId: string, courseId: string, performedOn: string) {
	t.db.insert(treatmentSession).values({ clinicId, courseId, performedOn }).run();
}

/** Noon UTC on that day: the same calendar day in every zone from UTC−11 to UTC+11. */
const noon = (iso: string) => new Date(`${iso}T12:00:00Z`);
const messages = () => t.db.select().from(mailMessage).all();

describe('queueDueReminders', () => {
	it('queues one reminder from reminderDaysBefore days before the due date, with a name, a date and a link only', () => {
		const ana = clinicWithPatient({ bookingUrl: 'https://book.example.test/ana' });
		expect(queueDueReminders(t.db, noon(addDays(DUE, -4)))).toEqual([]);
		const [id] = queueDueReminders(t.db, noon(addDays(DUE, -3)));
		const m = messages().find((x) => x.id === id)!;
		expect(m).toMatchObject({
			kind: 'session_reminder',
			toAddress: 'ana@example.test',
			patientId: ana.patientId,
			dedupeKey: reminderKey(ana.patientId, ana.courseId, DUE),
			status: 'queued'
		});
		expect(m.textBody).toContain('Hello Ana,');
		expect(m.textBody).toContain('due on Thursday 10 December');
		expect(m.textBody).toContain('https://book.example.test/ana');
		// no concern, area or treatment word
		expect(m.textBody + m.htmlBody! + m.subject).not.toMatch(/acne|scar|cheek|needle|microneedl/i);
		expect(m.headers['List-Unsubscribe']).toMatch(
			/^<https:\/\/results\.example-clinic\.test\/unsubscribe\/.+>$/
		);
		expect(
			t.db
				.select()
				.from(job)
				.all()
				.map((j) => j.kind)
		).toEqual(['mail.send']);
	});

	it('queues once per due date, however often it runs, and from a second server too', () => {
		const ana = clinicWithPatient();
		for (const day of [-3, -2, -2, -1, 0]) {
			queueDueReminders(t.db, noon(addDays(DUE, day)));
		}
		// a second process on the same database file
		const other = openDatabase(path.join(t.dir, 'test.db'), path.resolve('drizzle'));
		expect(queueDueReminders(other, noon(DUE))).toEqual([]);
		other.$client.close();
		expect(messages()).toHaveLength(1);

		// the session happens; the next one is due four weeks later and gets its own reminder
		logSession(ana.clinicId, ana.courseId, DUE);
		const next = addDays(DUE, 28);
		expect(queueDueReminders(t.db, noon(addDays(next, -1)))).toHaveLength(1);
		expect(messages().map((m) => m.dedupeKey)).toEqual([
			reminderKey(ana.patientId, ana.courseId, DUE),
			reminderKey(ana.patientId, ana.courseId, next)
		]);
	});

	it('follows the clinic’s calendar: the window opens at local midnight, not UTC’s', () => {
		// Auckland is UTC+13 in December: its 7 December starts at 11:00 UTC on the 6th
		clinicWithPatient({}, 'Pacific/Auckland');
		expect(queueDueReminders(t.db, new Date('2026-12-06T10:59:59Z'))).toEqual([]);
		expect(queueDueReminders(t.db, new Date('2026-12-06T11:00:00Z'))).toHaveLength(1);

		// Honolulu (UTC−10): 09:59 UTC on the 11th is still the due day there, so it is sent
		t.cleanup();
		t = tempDb();
		clinicWithPatient({}, 'Pacific/Honolulu');
		expect(queueDueReminders(t.db, new Date('2026-12-11T09:59:00Z'))).toHaveLength(1);
	});

	it('sends nothing once the due date has passed on the clinic’s calendar', () => {
		clinicWithPatient({}, 'Pacific/Honolulu');
		// 10:00 UTC on the 11th is midnight of the 11th in Honolulu: the due day is over
		expect(queueDueReminders(t.db, new Date('2026-12-11T10:00:00Z'))).toEqual([]);
		expect(queueDueReminders(t.db, noon(addDays(DUE, 5)))).toEqual([]);
		expect(messages()).toEqual([]);
	});

	it('skips unsubscribed, archived and address-less patients, and clinics that set 0', () => {
		const ana = clinicWithPatient();
		t.db
			.insert(mailPreference)
			.values({
				patientId: ana.patientId,
				kind: 'session_reminder',
				token: 'tok',
				unsubscribedAt: new Date()
			})
			.run();
		const archived = clinicWithPatient();
		t.db
			.update(patient)
			.set({ archivedAt: new Date() })
			.where(eq(patient.id, archived.patientId))
			.run();
		const noEmail = clinicWithPatient();
		t.db.update(patient).set({ email: null }).where(eq(patient.id, noEmail.patientId)).run();
		clinicWithPatient({ reminderDaysBefore: 0 });
		expect(queueDueReminders(t.db, noon(addDays(DUE, -1)))).toEqual([]);
		expect(messages()).toEqual([]);
	});

	it('links to the booking page, else the patient’s timeline, else the clinic’s public page', () => {
		const booking = clinicWithPatient({ bookingUrl: 'https://book.example.test/' });
		const portal = clinicWithPatient();
		const account = writeTx(t.db, (tx) =>
			tx
				.insert(user)
				.values({
					clinicId: portal.clinicId,
					email: 'ana-portal@example.test',
					name: 'Ana',
					role: 'patient',
					passwordHash: 'x'
				})
				.returning()
				.get()
		);
		t.db.update(patient).set({ userId: account.id }).where(eq(patient.id, portal.patientId)).run();
		const plain = clinicWithPatient();
		queueDueReminders(t.db, noon(DUE));
		const linkOf = (patientId: string) =>
			messages()
				.find((m) => m.patientId === patientId)!
				.textBody!.split('\n')
				.find((l) => l.startsWith('http'));
		expect(linkOf(booking.patientId)).toBe('https://book.example.test/');
		expect(linkOf(portal.patientId)).toBe('https://results.example-clinic.test/me');
		expect(linkOf(plain.patientId)).toBe(`https://results.example-clinic.test/c/${plain.slug}`);

		// portal access ended: the timeline link would only show a sign-in refusal
		t.db.update(user).set({ disabledAt: new Date() }).where(eq(user.id, account.id)).run();
		logSession(portal.clinicId, portal.courseId, DUE);
		queueDueReminders(t.db, noon(addDays(DUE, 28)));
		const later = messages().filter((m) => m.patientId === portal.patientId);
		expect(later.at(-1)!.textBody).toContain(`/c/${portal.slug}`);
	});

	it('reminds of a course’s first session when it is ahead, and not of a finished course', () => {
		const ana = clinicWithPatient();
		logSession(ana.clinicId, ana.courseId, DUE);
		logSession(ana.clinicId, ana.courseId, addDays(DUE, 28));
		expect(queueDueReminders(t.db, noon(addDays(DUE, 55)))).toEqual([]);
		const fresh = clinicWithPatient();
		t.db.delete(treatmentSession).where(eq(treatmentSession.courseId, fresh.courseId)).run();
		t.db.update(course).set({ startedOn: '2027-01-02' }).where(eq(course.id, fresh.courseId)).run();
		expect(queueDueReminders(t.db, noon('2026-12-30'))).toHaveLength(1);
		// another year than the clinic's today: the year is said
		expect(messages()[0].textBody).toContain('due on Saturday 2 January 2027.');
	});
});
