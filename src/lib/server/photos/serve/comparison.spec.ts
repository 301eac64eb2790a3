import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { writeTx } from '../../db/client';
import {
	course,
	photo,
	photoAlignment,
	photoVariant,
	treatmentSession,
	user
} from '../../db/schema';
import { photoTestClinic } from '$test/support/photo-clinic';
import { seedUser } from '$test/support/test-db';
import type { PatientActor, StaffActor } from '../../auth/guard';
import { patientComparison, staffComparison } from './comparison';
import { staffSessionComparison } from './session-comparison';

let c: ReturnType<typeof photoTestClinic>;
const databaseUrl = process.env.DATABASE_URL;
beforeEach(() => {
	c = photoTestClinic();
	process.env.DATABASE_URL = path.join(c.dir, 'test.db');
});
afterEach(() => {
	process.env.DATABASE_URL = databaseUrl;
	c.cleanup();
});

const NONE = { course: null, view: null, a: null, b: null };
const DAYS = ['2026-05-01', '2026-06-01', '2026-07-01'];

/** A patient with one course of three sessions: a front photo each, a left 45° in the first. */
function patientWithSessions() {
	const p = c.addPatient();
	return writeTx(c.db, (tx) => {
		const co = tx
			.insert(course)
			.values({
				clinicId: c.clinic.id,
				patientId: p.id,
				concern: 'acne_scars',
				areas: ['cheeks'],
				plannedSessions: 3,
				intervalWeeks: 4,
				startedOn: DAYS[0]
			})
			.returning()
			.get();
		const add = (sessionId: string, view: 'front' | 'left45', takenOn: string) => {
			const ph = tx
				.insert(photo)
				.values({
					clinicId: c.clinic.id,
					patientId: p.id,
					sessionId,
					view,
					takenOn,
					status: 'ready',
					width: 1200,
					height: 1600,
					sha256: crypto.randomUUID(),
					originalKey: `k-${crypto.randomUUID()}`,
					originalType: 'image/jpeg',
					originalBytes: 1,
					uploadedBy: c.clinician.id
				})
				.returning()
				.get();
			tx.insert(photoVariant)
				.values({ photoId: ph.id, width: 320, height: 427, format: 'webp', bytes: 1, key: ph.id })
				.run();
			return ph;
		};
		const sessions = DAYS.map((performedOn) =>
			tx
				.insert(treatmentSession)
				.values({ clinicId: c.clinic.id, courseId: co.id, performedOn })
				.returning()
				.get()
		);
		const fronts = sessions.map((s) => add(s.id, 'front', s.performedOn));
		const left = add(sessions[0].id, 'left45', DAYS[0]);
		return { p, co, sessions, fronts, left };
	});
}

const staffOf = (role: 'owner' | 'clinician' | 'frontdesk', clinicId = c.clinic.id) => {
	const u = writeTx(c.db, (tx) =>
		tx
			.insert(user)
			.values({
				clinicId,
				email: `${role}-${crypto.randomUUID()}@example.test`,
				name: role,
				role,
				passwordHash: 'x'
			})
			.returning()
			.get()
	);
	return { user: u, clinicId } as StaffActor;
};

describe('staff compare of two photos', () => {
	it('shows clinical staff the first and latest photo of the first comparable view', () => {
		const r = patientWithSessions();
		for (const role of ['owner', 'clinician'] as const) {
			const got = staffComparison(c.db, staffOf(role), r.p.id, NONE);
			expect(got.patient.id).toBe(r.p.id);
			expect([got.view, got.pair?.before.id, got.pair?.after.id]).toEqual([
				'front',
				r.fronts[0].id,
				r.fronts[2].id
			]);
			expect(got.pair?.after.fullUrl).toBe(`/media/private/${r.fronts[2].id}/full.jpg`);
		}
	});

	it('refuses front desk, another clinic, and a photo that is not this patient’s (404)', () => {
		const r = patientWithSessions();
		const other = patientWithSessions();
		expect(() => staffComparison(c.db, staffOf('frontdesk'), r.p.id, NONE)).toThrow(
			expect.objectContaining({ status: 404 })
		);
		const elsewhere = seedUser(c.db, 'owner');
		const outsider = { user: elsewhere.user, clinicId: elsewhere.clinic.id } as StaffActor;
		expect(() => staffComparison(c.db, outsider, r.p.id, NONE)).toThrow(
			expect.objectContaining({ status: 404 })
		);
		expect(() =>
			staffComparison(c.db, staffOf('clinician'), r.p.id, { ...NONE, a: other.fronts[0].id })
		).toThrow(expect.objectContaining({ status: 404 }));
	});

	it('is the same service as the patient’s, which still sees only their own', () => {
		const r = patientWithSessions();
		const other = patientWithSessions();
		const actor = { user: { role: 'patient' }, clinicId: c.clinic.id, patient: r.p };
		const own = patientComparison(c.db, actor as PatientActor, NONE);
		const staff = staffComparison(c.db, staffOf('clinician'), r.p.id, NONE);
		expect(own.pair).toEqual(staff.pair);
		expect(() =>
			patientComparison(c.db, actor as PatientActor, { ...NONE, b: other.fronts[1].id })
		).toThrow(expect.objectContaining({ status: 404 }));
	});
});

describe('staff compare of two sessions', () => {
	it('sets the first session beside the latest, five views, a view not taken as null', () => {
		const r = patientWithSessions();
		const got = staffSessionComparison(c.db, staffOf('clinician'), r.p.id, { a: null, b: null });
		expect([got.a?.id, got.b?.id]).toEqual([r.sessions[0].id, r.sessions[2].id]);
		expect(got.a?.label).toBe('Session 1 of 3 · 1 May 2026');
		expect(got.rows.map((row) => [row.label, row.a?.id ?? null, row.b?.id ?? null])).toEqual([
			['Front', r.fronts[0].id, r.fronts[2].id],
			['Left 45°', r.left.id, null],
			['Right 45°', null, null],
			['Left 90°', null, null],
			['Right 90°', null, null]
		]);
	});

	it('keeps the sessions asked for, and refuses one that is not this patient’s', () => {
		const r = patientWithSessions();
		const other = patientWithSessions();
		const clinician = staffOf('clinician');
		const got = staffSessionComparison(c.db, clinician, r.p.id, {
			a: r.sessions[1].id,
			b: r.sessions[2].id
		});
		expect([got.a?.id, got.b?.id]).toEqual([r.sessions[1].id, r.sessions[2].id]);
		expect(() =>
			staffSessionComparison(c.db, clinician, r.p.id, { a: other.sessions[0].id, b: null })
		).toThrow(expect.objectContaining({ status: 404 }));
		expect(() =>
			staffSessionComparison(c.db, staffOf('frontdesk'), r.p.id, { a: null, b: null })
		).toThrow(expect.objectContaining({ status: 404 }));
	});
});

/** A `photo_alignment` row as the alignment job writes it. */
function align(
	photoId: string,
	row: Partial<typeof photoAlignment.$inferInsert> & {
		status: 'baseline' | 'aligned' | 'unsure' | 'failed';
	}
) {
	writeTx(c.db, (tx) =>
		tx
			.insert(photoAlignment)
			.values({ photoId, analysedAt: new Date(), ...row })
			.run()
	);
}

describe('the pair’s alignment', () => {
	it('is the later photo’s transform into the earlier one’s frame when both share a baseline', () => {
		const r = patientWithSessions();
		const [base, , latest] = r.fronts;
		align(base.id, { status: 'baseline' });
		align(latest.id, {
			status: 'aligned',
			baselineId: base.id,
			method: 'face',
			confidence: 0.9,
			scale: 0.97,
			rotationDeg: 2.1,
			dx: 12,
			dy: -8
		});
		const got = staffComparison(c.db, staffOf('clinician'), r.p.id, NONE);
		expect(got.pair?.alignment).toEqual({
			status: 'aligned',
			transform: {
				scale: expect.closeTo(0.97, 9),
				rotationDeg: expect.closeTo(2.1, 9),
				dx: expect.closeTo(12, 9),
				dy: expect.closeTo(-8, 9)
			}
		});
		const actor = { user: { role: 'patient' }, clinicId: c.clinic.id, patient: r.p };
		expect(patientComparison(c.db, actor as PatientActor, NONE).pair?.alignment).toEqual(
			got.pair?.alignment
		);
	});

	it('says why not: unsure with its reason, and pending before the job has run', () => {
		const r = patientWithSessions();
		const clinician = staffOf('clinician');
		expect(staffComparison(c.db, clinician, r.p.id, NONE).pair?.alignment).toEqual({
			status: 'pending'
		});
		align(r.fronts[0].id, { status: 'baseline' });
		align(r.fronts[2].id, {
			status: 'unsure',
			baselineId: r.fronts[0].id,
			reason: 'the face was turned too far to be sure'
		});
		expect(staffComparison(c.db, clinician, r.p.id, NONE).pair?.alignment).toEqual({
			status: 'unsure',
			reason: 'the face was turned too far to be sure'
		});
	});

	it('comes with every session row that has both photos, and not with one that has one', () => {
		const r = patientWithSessions();
		align(r.fronts[0].id, { status: 'baseline' });
		align(r.fronts[2].id, {
			status: 'aligned',
			baselineId: r.fronts[0].id,
			scale: 1,
			rotationDeg: -3,
			dx: 5,
			dy: 0
		});
		const got = staffSessionComparison(c.db, staffOf('clinician'), r.p.id, { a: null, b: null });
		expect(got.rows.map((row) => row.alignment?.status ?? null)).toEqual([
			'aligned',
			null,
			null,
			null,
			null
		]);
	});
});
