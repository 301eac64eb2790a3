import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { tempDb, seedUser } from '$test/support/test-db';
import { session, user } from '../db/schema';
import { createSession, validateSessionToken } from '../auth/session';
import { setStaffAccess, StaffAccessError } from './staff';
import type { StaffActor } from '../auth/guard';

let t: ReturnType<typeof tempDb>;
beforeEach(() => (t = tempDb()));
afterEach(() => t.cleanup());

function clinicWithTeam() {
	const { clinic, user: owner } = seedUser(t.db, 'owner');
	const add = (role: 'clinician' | 'owner' | 'patient') =>
		t.db
			.insert(user)
			.values({
				clinicId: clinic.id,
				email: `${role}-${crypto.randomUUID()}@x.test`,
				name: role,
				role,
				passwordHash: 'x'
			})
			.returning()
			.get();
	return { owner, actor: { user: owner, clinicId: clinic.id } as StaffActor, add };
}

describe('setStaffAccess', () => {
	it('ends access at once: the sessions go and no new one validates', () => {
		const { actor, add } = clinicWithTeam();
		const clinician = add('clinician');
		const { token } = createSession(t.db, clinician.id);
		expect(validateSessionToken(t.db, token)).not.toBeNull();
		expect(setStaffAccess(t.db, actor, clinician.id, true)).toEqual({ name: 'clinician' });
		expect(t.db.select().from(session).where(eq(session.userId, clinician.id)).all()).toEqual([]);
		const again = createSession(t.db, clinician.id);
		expect(validateSessionToken(t.db, again.token)).toBeNull();
		setStaffAccess(t.db, actor, clinician.id, false);
		expect(t.db.select().from(user).where(eq(user.id, clinician.id)).get()?.disabledAt).toBeNull();
	});

	it('refuses to lock out the owner themself or the last owner with access', () => {
		const { actor, owner, add } = clinicWithTeam();
		expect(() => setStaffAccess(t.db, actor, owner.id, true)).toThrow(StaffAccessError);
		const second = add('owner');
		const secondActor = { user: second, clinicId: actor.clinicId } as StaffActor;
		setStaffAccess(t.db, secondActor, owner.id, true);
		expect(() => setStaffAccess(t.db, actor, second.id, true)).toThrow(StaffAccessError);
	});

	it('knows nothing of patients or another clinic’s staff', () => {
		const { actor, add } = clinicWithTeam();
		const patientUser = add('patient');
		const other = seedUser(t.db, 'clinician').user;
		expect(setStaffAccess(t.db, actor, patientUser.id, true)).toBeNull();
		expect(setStaffAccess(t.db, actor, other.id, true)).toBeNull();
		expect(t.db.select().from(user).where(eq(user.id, other.id)).get()?.disabledAt).toBeNull();
	});
});
