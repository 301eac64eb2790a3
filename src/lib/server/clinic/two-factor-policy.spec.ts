import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { tempDb, seedUser } from '$test/support/test-db';
import { auditEvent, clinic, passkey, totpCredential, user } from '../db/schema';
import type { StaffActor } from '../auth/guard';
import { createSession } from '../auth/session';
import { mustEnrol } from '../auth/enrolment-policy';
import { newTotpKey } from '../auth/totp';
import { clinicSettings } from './clinic';
import { saveClinicSettings } from './save-settings';
import { setTwoFactorPolicy, twoFactorPolicyView } from './two-factor-policy';

let t: ReturnType<typeof tempDb>;
let actor: StaffActor;
let clinicId: string;
beforeEach(() => {
	t = tempDb();
	const seeded = seedUser(t.db, 'owner');
	clinicId = seeded.clinic.id;
	actor = { user: seeded.user, clinicId } as StaffActor;
});
afterEach(() => t.cleanup());

const T0 = new Date('2026-12-02T10:00:00Z');

function member(role: 'clinician' | 'frontdesk' | 'patient', name: string = role) {
	return t.db
		.insert(user)
		.values({ clinicId, email: `${name.toLowerCase()}@x.test`, name, role, passwordHash: 'x' })
		.returning()
		.get();
}
function giveTotp(userId: string) {
	t.db
		.insert(totpCredential)
		.values({ userId, key: newTotpKey(), createdAt: T0, confirmedAt: T0 })
		.run();
}
const required = () =>
	clinicSettings(t.db.select().from(clinic).where(eq(clinic.id, clinicId)).get()!).requireTwoFactor;

describe('setTwoFactorPolicy', () => {
	it('is refused to an owner who has no factor of their own, and changes nothing', () => {
		const out = setTwoFactorPolicy(t.db, actor, true, T0);
		expect(out).toMatchObject({ ok: false, status: 409 });
		expect(required()).toBe(false);
		expect(
			t.db.select().from(auditEvent).where(eq(auditEvent.action, 'two_factor_policy')).all()
		).toHaveLength(0);
	});

	it('turns on and off, audited, keeping every other setting', () => {
		giveTotp(actor.user.id);
		t.db
			.update(clinic)
			.set({ settings: { reminderDaysBefore: 5 } })
			.where(eq(clinic.id, clinicId))
			.run();
		expect(setTwoFactorPolicy(t.db, actor, true, T0)).toEqual({ ok: true, changed: true });
		expect(required()).toBe(true);
		expect(setTwoFactorPolicy(t.db, actor, true, T0)).toEqual({ ok: true, changed: false });
		const row = t.db.select().from(clinic).where(eq(clinic.id, clinicId)).get()!;
		expect(clinicSettings(row).reminderDaysBefore).toBe(5);
		expect(setTwoFactorPolicy(t.db, actor, false, T0)).toEqual({ ok: true, changed: true });
		const rows = t.db
			.select()
			.from(auditEvent)
			.where(eq(auditEvent.action, 'two_factor_policy'))
			.all();
		expect(rows.map((r) => r.detail)).toEqual(['required for staff', 'optional']);
	});

	it('survives a save of the other settings (the settings form carries it through)', () => {
		giveTotp(actor.user.id);
		setTwoFactorPolicy(t.db, actor, true, T0);
		const current = clinicSettings(
			t.db.select().from(clinic).where(eq(clinic.id, clinicId)).get()!
		);
		saveClinicSettings(t.db, actor, current, { ...current, reminderDaysBefore: 2 });
		expect(required()).toBe(true);
	});
});

describe('twoFactorPolicyView', () => {
	it('lists active staff with their factors, never patients or disabled staff', () => {
		giveTotp(actor.user.id);
		const desk = member('frontdesk', 'Desk');
		const clin = member('clinician', 'Clin');
		t.db
			.insert(passkey)
			.values({ id: 'k1', userId: clin.id, name: 'Phone', publicKey: 'pk', createdAt: T0 })
			.run();
		member('patient', 'Pat');
		const gone = member('clinician', 'Gone');
		t.db.update(user).set({ disabledAt: T0 }).where(eq(user.id, gone.id)).run();
		const view = twoFactorPolicyView(t.db, actor);
		expect(view.ownerEnrolled).toBe(true);
		expect(view.staff.map((m) => [m.name, m.totp, m.passkeys])).toEqual([
			['Clin', false, 1],
			['Desk', false, 0],
			['Test user', true, 0]
		]);
		expect(view.staff.some((m) => m.id === desk.id)).toBe(true);
	});
});

describe('mustEnrol', () => {
	it('holds back staff without a factor on a browser session, only while the policy is on', () => {
		giveTotp(actor.user.id);
		const desk = member('frontdesk');
		const pat = member('patient');
		const deskSession = createSession(t.db, desk.id, T0).session;
		const patSession = createSession(t.db, pat.id, T0).session;
		const ownerSession = createSession(t.db, actor.user.id, T0).session;
		expect(mustEnrol(t.db, desk, deskSession)).toBe(false);
		setTwoFactorPolicy(t.db, actor, true, T0);
		expect(mustEnrol(t.db, desk, deskSession)).toBe(true);
		// an API token has no session; patients are never required; the owner has a factor
		expect(mustEnrol(t.db, desk, null)).toBe(false);
		expect(mustEnrol(t.db, pat, patSession)).toBe(false);
		expect(mustEnrol(t.db, actor.user, ownerSession)).toBe(false);
		giveTotp(desk.id);
		expect(mustEnrol(t.db, desk, deskSession)).toBe(false);
	});
});
