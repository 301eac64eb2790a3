import { requestContext } from '../http/request-context';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { writeTx } from '../db/client';
import { auditEvent, clinic, course, patient, treatmentSession, user } from '../db/schema';
import { DEFAULT_CLINIC_SETTINGS } from '../../domain/clinic-settings';
import { seedUser, tempDb } from '$test/support/test-db';
import type { PatientActor } from '../auth/guard';
import { rateSession, SelfRatingError, selfRatingSchema } from './self-rating';

const NOW = new Date('2026-03-10T12:00:00Z');

let t: ReturnType<typeof tempDb>;
beforeEach(() => (t = tempDb()));
afterEach(() => t.cleanup());

/** A patient with an account and one course of sessions on the given dates, in `clinicId`. */
function patientWithSessions(clinicId: string | null, dates: string[]) {
	const seeded = clinicId ? null : seedUser(t.db, 'patient');
	return writeTx(t.db, (tx) => {
		const cId = clinicId ?? seeded!.clinic.id;
		const u =
			seeded?.user ??
			tx
				.insert(user)
				.values({
					clinicId: cId,
					email: `p-${crypto.randomUUID().slice(0, 8)}@example.test`,
					name: 'Other patient',
					role: 'patient',
					passwordHash: 'x'
				})
				.returning()
				.get();
		const p = tx
			.insert(patient)
			.values({ clinicId: cId, userId: u.id, displayName: u.name })
			.returning()
			.get();
		const co = tx
			.insert(course)
			.values({
				clinicId: cId,
				patientId: p.id,
				concern: 'acne_scars',
				plannedSessions: 4,
				intervalWeeks: 4,
				startedOn: dates[0]
			})
			.returning()
			.get();
		const sessions = dates.map(
			(performedOn) =>
				tx
					.insert(treatmentSession)
					.values({
						clinicId: cId,
						courseId: co.id,
						performedOn,
						grade: 3,
						gradeScale: 'goodman_baron'
					})
					.returning()
					.get().id
		);
		const actor = { user: u, clinicId: cId, patient: p } as PatientActor;
		return { actor, sessions, clinicId: cId };
	});
}

const inZone = (clinicId: string, timeZone: string) =>
	writeTx(t.db, (tx) =>
		tx
			.update(clinic)
			.set({ settings: { ...DEFAULT_CLINIC_SETTINGS, timeZone } })
			.where(eq(clinic.id, clinicId))
			.run()
	);

const stored = (id: string) =>
	t.db
		.select({ rating: treatmentSession.patientSelfRating, note: treatmentSession.patientNote })
		.from(treatmentSession)
		.where(eq(treatmentSession.id, id))
		.get();
const audits = () =>
	t.db.select().from(auditEvent).where(eq(auditEvent.action, 'self_rating')).all();
const status = (fn: () => unknown) => {
	try {
		fn();
	} catch (e) {
		return (e as { status?: number }).status;
	}
	return 'no error';
};

describe('rateSession', () => {
	it('stores the patient’s rating and trimmed note on their own session, and audits it', () => {
		const jo = patientWithSessions(null, ['2026-01-05', '2026-02-02']);
		// the request's address reaches the audit row without being passed in
		const out = requestContext.run({ ip: '203.0.113.9' }, () =>
			rateSession(t.db, jo.actor, jo.sessions[1], { rating: 8, note: '  Much smoother  ' }, NOW)
		);
		expect(out).toEqual({ id: jo.sessions[1], rating: 8, note: 'Much smoother' });
		expect(stored(jo.sessions[1])).toEqual({ rating: 8, note: 'Much smoother' });
		expect(stored(jo.sessions[0])).toEqual({ rating: null, note: null });
		expect(audits()).toEqual([
			expect.objectContaining({
				clinicId: jo.clinicId,
				actorUserId: jo.actor.user.id,
				targetType: 'treatment_session',
				targetId: jo.sessions[1],
				ip: '203.0.113.9',
				ok: true
			})
		]);
	});

	it('re-rating replaces the rating, and an empty note clears the old one', () => {
		const jo = patientWithSessions(null, ['2026-01-05']);
		rateSession(t.db, jo.actor, jo.sessions[0], { rating: 3, note: 'Red' }, NOW);
		rateSession(t.db, jo.actor, jo.sessions[0], { rating: 0, note: '   ' }, NOW);
		expect(stored(jo.sessions[0])).toEqual({ rating: 0, note: null });
		expect(audits()).toHaveLength(2);
	});

	it('another patient’s session, in the same clinic or another, is not found and unchanged', () => {
		const jo = patientWithSessions(null, ['2026-01-05']);
		const neighbour = patientWithSessions(jo.clinicId, ['2026-01-06']);
		const elsewhere = patientWithSessions(null, ['2026-01-07']);
		const input = { rating: 1, note: 'not mine' };
		expect(status(() => rateSession(t.db, neighbour.actor, jo.sessions[0], input, NOW))).toBe(404);
		expect(status(() => rateSession(t.db, elsewhere.actor, jo.sessions[0], input, NOW))).toBe(404);
		expect(status(() => rateSession(t.db, jo.actor, 'no-such-id', input, NOW))).toBe(404);
		expect(stored(jo.sessions[0])).toEqual({ rating: null, note: null });
		expect(audits()).toEqual([]);
	});

	it('a patient moved to another clinic cannot rate a session left under the old clinic', () => {
		const jo = patientWithSessions(null, ['2026-01-05']);
		const other = seedUser(t.db, 'owner').clinic;
		const moved = { ...jo.actor, clinicId: other.id };
		expect(
			status(() => rateSession(t.db, moved, jo.sessions[0], { rating: 5, note: null }, NOW))
		).toBe(404);
		expect(stored(jo.sessions[0])?.rating).toBeNull();
	});

	it.each([[-1], [11], [7.5], [Number.NaN]])(
		'refuses the rating %s and writes nothing',
		(rating) => {
			const jo = patientWithSessions(null, ['2026-01-05']);
			expect(() => rateSession(t.db, jo.actor, jo.sessions[0], { rating, note: 'x' }, NOW)).toThrow(
				new SelfRatingError('Choose a rating from 0 to 10.')
			);
			expect(stored(jo.sessions[0])).toEqual({ rating: null, note: null });
			expect(audits()).toEqual([]);
		}
	);

	it('refuses a note over 1000 characters', () => {
		const jo = patientWithSessions(null, ['2026-01-05']);
		expect(() =>
			rateSession(t.db, jo.actor, jo.sessions[0], { rating: 5, note: 'a'.repeat(1001) }, NOW)
		).toThrow(SelfRatingError);
		expect(stored(jo.sessions[0])?.rating).toBeNull();
	});

	it('a session dated after today cannot be rated yet; one dated today can', () => {
		const jo = patientWithSessions(null, ['2026-03-10', '2026-03-11']);
		inZone(jo.clinicId, 'UTC');
		expect(() =>
			rateSession(t.db, jo.actor, jo.sessions[1], { rating: 5, note: null }, NOW)
		).toThrow('This session has not happened yet; rate it afterwards.');
		expect(stored(jo.sessions[1])?.rating).toBeNull();
		rateSession(t.db, jo.actor, jo.sessions[0], { rating: 5, note: null }, NOW);
		expect(stored(jo.sessions[0])?.rating).toBe(5);
		expect(audits()).toHaveLength(1);
	});

	it('"today" is the clinic’s: in Auckland a session dated 11 March is rateable at 12:00 UTC on the 10th', () => {
		// NOW is 01:00 on 11 March in Auckland (UTC+13) and 05:00 on 10 March in Los Angeles
		const jo = patientWithSessions(null, ['2026-03-10', '2026-03-11']);
		inZone(jo.clinicId, 'Pacific/Auckland');
		rateSession(t.db, jo.actor, jo.sessions[1], { rating: 7, note: null }, NOW);
		expect(stored(jo.sessions[1])?.rating).toBe(7);

		inZone(jo.clinicId, 'America/Los_Angeles');
		expect(() =>
			rateSession(t.db, jo.actor, jo.sessions[1], { rating: 2, note: null }, NOW)
		).toThrow('This session has not happened yet; rate it afterwards.');
		expect(stored(jo.sessions[1])?.rating).toBe(7);
	});
});

describe('selfRatingSchema', () => {
	const parse = (fields: Record<string, string>) => selfRatingSchema.safeParse(fields);

	it('reads a whole number from 0 to 10 and an optional trimmed note', () => {
		expect(parse({ sessionId: 's', rating: '0', note: '  ' }).data).toEqual({
			sessionId: 's',
			rating: 0,
			note: null
		});
		expect(parse({ sessionId: 's', rating: '10' }).data).toEqual({
			sessionId: 's',
			rating: 10,
			note: null
		});
	});

	it.each([[''], ['11'], ['-1'], ['7.5'], ['abc'], [' 5']])(
		'refuses the rating %j with one clear message',
		(rating) => {
			const result = parse({ sessionId: 's', rating });
			expect(result.success).toBe(false);
			expect(result.error?.issues[0].message).toBe('Choose a rating from 0 to 10.');
		}
	);

	it('refuses a missing rating and an over-long note', () => {
		expect(parse({ sessionId: 's' }).error?.issues[0].message).toBe(
			'Choose a rating from 0 to 10.'
		);
		expect(
			parse({ sessionId: 's', rating: '4', note: 'a'.repeat(1001) }).error?.issues[0].message
		).toBe('Keep your note under 1000 characters.');
	});
});
