import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { writeTx } from '../db/client';
import { consent, course, patient, treatmentSession, user } from '../db/schema';
import { seedUser, tempDb } from '$test/support/test-db';
import { audit } from './audit';
import type { StaffActor } from '../auth/guard';
import { recentActivity } from './activity';

let t: ReturnType<typeof tempDb>;
beforeEach(() => (t = tempDb()));
afterEach(() => t.cleanup());

const minutesAgo = (m: number) => new Date(Date.now() - m * 60_000);

/** A clinic with an owner, a front desk account and Mei, who has a course with one session. */
function clinicWithMei() {
	const owner = seedUser(t.db, 'owner');
	const clinicId = owner.clinic.id;
	return writeTx(t.db, (tx) => {
		const frontdesk = tx
			.insert(user)
			.values({
				clinicId,
				email: 'fd@example.test',
				name: 'Sam',
				role: 'frontdesk',
				passwordHash: 'x'
			})
			.returning()
			.get();
		const mei = tx
			.insert(patient)
			.values({ clinicId, displayName: 'Mei Tanaka' })
			.returning()
			.get();
		const co = tx
			.insert(course)
			.values({
				clinicId,
				patientId: mei.id,
				concern: 'fine_lines',
				plannedSessions: 3,
				intervalWeeks: 4,
				startedOn: '2026-10-01'
			})
			.returning()
			.get();
		const s = tx
			.insert(treatmentSession)
			.values({
				clinicId,
				courseId: co.id,
				performedOn: '2026-10-01',
				grade: 2,
				gradeScale: 'goodman_baron'
			})
			.returning()
			.get();
		const c = tx
			.insert(consent)
			.values({
				clinicId,
				patientId: mei.id,
				scope: 'gallery_public',
				textVersion: '1',
				signedName: 'Mei Tanaka',
				grantedAt: new Date(),
				recordedBy: owner.user.id
			})
			.returning()
			.get();
		const as = (u: typeof owner.user) => ({ user: u, clinicId }) as StaffActor;
		return {
			clinicId,
			owner: as(owner.user),
			frontdesk: as(frontdesk),
			ownerId: owner.user.id,
			mei,
			co,
			s,
			c
		};
	});
}

describe('recentActivity', () => {
	it('names the patient behind each kind of target and groups a sitting', () => {
		const w = clinicWithMei();
		const by = { clinicId: w.clinicId, actorUserId: w.ownerId, ip: null, ok: true };
		audit(
			t.db,
			{ ...by, action: 'patient_create', targetType: 'patient', targetId: w.mei.id },
			minutesAgo(9)
		);
		audit(
			t.db,
			{
				...by,
				action: 'consent_grant',
				targetType: 'consent',
				targetId: w.c.id,
				detail: 'gallery_public'
			},
			minutesAgo(8)
		);
		audit(
			t.db,
			{ ...by, action: 'course_create', targetType: 'course', targetId: w.co.id },
			minutesAgo(7)
		);
		for (const m of [6, 5, 4]) {
			audit(
				t.db,
				{ ...by, action: 'session_log', targetType: 'treatment_session', targetId: w.s.id },
				minutesAgo(m)
			);
		}
		const items = recentActivity(t.db, w.owner);
		expect(items.map((i) => [i.what, i.patient?.name])).toEqual([
			['logged 3 sessions', 'Mei Tanaka'],
			['started a treatment course', 'Mei Tanaka'],
			['recorded public gallery (de-identified) consent', 'Mei Tanaka'],
			['added a patient', 'Mei Tanaka']
		]);
		expect(items[0].who).toBe('Test user');
	});

	it('keeps clinical events from the front desk and other clinics out', () => {
		const w = clinicWithMei();
		const other = seedUser(t.db, 'owner');
		const by = { clinicId: w.clinicId, actorUserId: w.ownerId, ip: null, ok: true };
		audit(
			t.db,
			{ ...by, action: 'self_rating', targetType: 'treatment_session', targetId: w.s.id },
			minutesAgo(3)
		);
		audit(
			t.db,
			{ ...by, action: 'patient_create', targetType: 'patient', targetId: w.mei.id },
			minutesAgo(2)
		);
		audit(
			t.db,
			{ ...by, action: 'sign_in', targetType: 'user', targetId: w.ownerId },
			minutesAgo(1)
		);
		audit(t.db, {
			...by,
			clinicId: other.clinic.id,
			action: 'patient_create',
			targetType: 'patient',
			targetId: w.mei.id
		});
		audit(t.db, {
			...by,
			action: 'patient_create',
			targetType: 'patient',
			targetId: w.mei.id,
			ok: false
		});
		expect(recentActivity(t.db, w.owner).map((i) => i.what)).toEqual([
			'added a patient',
			'rated a session'
		]);
		expect(recentActivity(t.db, w.frontdesk).map((i) => i.what)).toEqual(['added a patient']);
		expect(
			recentActivity(t.db, { user: other.user, clinicId: other.clinic.id } as StaffActor)
		).toHaveLength(1);
	});

	it('names no patient when the target is gone or belongs to another clinic', () => {
		const w = clinicWithMei();
		const other = seedUser(t.db, 'owner');
		audit(t.db, {
			clinicId: other.clinic.id,
			actorUserId: other.user.id,
			ok: true,
			action: 'session_log',
			targetType: 'treatment_session',
			targetId: w.s.id
		});
		audit(t.db, {
			clinicId: other.clinic.id,
			actorUserId: other.user.id,
			ok: true,
			action: 'photo_delete',
			targetType: 'photo',
			targetId: 'gone'
		});
		const items = recentActivity(t.db, {
			user: other.user,
			clinicId: other.clinic.id
		} as StaffActor);
		expect(items.map((i) => i.patient)).toEqual([null, null]);
	});
});
