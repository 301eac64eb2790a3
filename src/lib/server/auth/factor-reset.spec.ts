import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { seedUser, tempDb } from '$test/support/test-db';
import { writeTx, type Db } from '../db/client';
import {
	auditEvent,
	pendingSignIn,
	recoveryCode,
	session,
	totpCredential,
	user,
	type User
} from '../db/schema';
import type { StaffActor } from './guard';
import { createSession } from './session';
import { totpCode } from './totp';
import { confirmTotpEnrolment, hasSecondFactor, startTotpEnrolment } from './two-factor';
import { startPendingSignIn } from './two-step';
import { FactorResetError, resetSecondFactors } from './factor-reset';

const T0 = new Date('2026-12-02T10:00:00Z');

describe('resetting a staff member’s second factors', () => {
	let t: ReturnType<typeof tempDb>;
	let db: Db;
	let owner: User;
	let clinician: User;
	let patientUser: User;
	let actor: StaffActor;

	const member = (role: 'clinician' | 'patient' | 'frontdesk', clinicId: string) =>
		writeTx(db, (tx) =>
			tx
				.insert(user)
				.values({
					clinicId,
					email: `${role}-${crypto.randomUUID().slice(0, 8)}@example.test`,
					name: `A ${role}`,
					role,
					passwordHash: 'x'
				})
				.returning()
				.get()
		);

	async function enrol(u: User) {
		const start = await startTotpEnrolment(db, u, T0);
		if (!start.ok) {
			throw new Error(start.message);
		}
		const done = confirmTotpEnrolment(db, u, totpCode(start.key, T0), T0);
		if (!done.ok) {
			throw new Error(done.message);
		}
	}

	beforeEach(async () => {
		t = tempDb();
		db = t.db;
		owner = seedUser(db, 'owner').user;
		actor = { user: owner as StaffActor['user'], clinicId: owner.clinicId };
		clinician = member('clinician', owner.clinicId);
		patientUser = member('patient', owner.clinicId);
		await enrol(owner);
		await enrol(clinician);
		await enrol(patientUser);
	});
	afterEach(() => t.cleanup());

	const countFor = (u: User) => ({
		totp: db.select().from(totpCredential).where(eq(totpCredential.userId, u.id)).all().length,
		codes: db.select().from(recoveryCode).where(eq(recoveryCode.userId, u.id)).all().length,
		sessions: db.select().from(session).where(eq(session.userId, u.id)).all().length,
		pending: db.select().from(pendingSignIn).where(eq(pendingSignIn.userId, u.id)).all().length
	});

	it('removes the factors, half-finished sign-ins and sessions of that person only, audited', () => {
		createSession(db, clinician.id, T0, T0);
		startPendingSignIn(db, clinician.id, T0);
		createSession(db, owner.id, T0, T0);
		expect(countFor(clinician)).toEqual({ totp: 1, codes: 10, sessions: 1, pending: 1 });

		expect(resetSecondFactors(db, actor, clinician.id, T0)).toEqual({
			name: clinician.name,
			email: clinician.email
		});
		expect(countFor(clinician)).toEqual({ totp: 0, codes: 0, sessions: 0, pending: 0 });
		expect(hasSecondFactor(db, clinician.id)).toBe(false);
		// nobody else's
		expect(countFor(owner)).toEqual({ totp: 1, codes: 10, sessions: 1, pending: 0 });
		expect(hasSecondFactor(db, patientUser.id)).toBe(true);
		const rows = db
			.select()
			.from(auditEvent)
			.where(eq(auditEvent.action, 'two_factor_reset'))
			.all();
		expect(rows).toHaveLength(1);
		expect(rows[0]).toMatchObject({
			actorUserId: owner.id,
			targetId: clinician.id,
			clinicId: owner.clinicId,
			ok: true,
			detail: 'removed authenticator app, 10 recovery codes'
		});
	});

	it('refuses the owner’s own account, patients, other clinics and non-owners, changing nothing', () => {
		expect(() => resetSecondFactors(db, actor, owner.id, T0)).toThrow(FactorResetError);
		expect(resetSecondFactors(db, actor, patientUser.id, T0)).toBeNull();
		expect(resetSecondFactors(db, actor, 'no-such-user', T0)).toBeNull();
		const elsewhere = seedUser(db, 'owner').user;
		const otherActor: StaffActor = {
			user: elsewhere as StaffActor['user'],
			clinicId: elsewhere.clinicId
		};
		expect(resetSecondFactors(db, otherActor, clinician.id, T0)).toBeNull();
		const frontdesk = member('frontdesk', owner.clinicId);
		const notOwner: StaffActor = {
			user: frontdesk as StaffActor['user'],
			clinicId: frontdesk.clinicId
		};
		expect(resetSecondFactors(db, notOwner, clinician.id, T0)).toBeNull();
		for (const u of [owner, clinician, patientUser]) {
			expect(hasSecondFactor(db, u.id)).toBe(true);
		}
		expect(
			db.select().from(auditEvent).where(eq(auditEvent.action, 'two_factor_reset')).all()
		).toHaveLength(0);
	});

	it('from the command line (no actor): any account, the owner included', () => {
		expect(resetSecondFactors(db, null, owner.id, T0)).toMatchObject({ email: owner.email });
		expect(hasSecondFactor(db, owner.id)).toBe(false);
		const row = db.select().from(auditEvent).where(eq(auditEvent.action, 'two_factor_reset')).get();
		expect(row).toMatchObject({ actorUserId: null, targetId: owner.id });
		expect(row?.detail).toContain('from the command line');
	});
});
