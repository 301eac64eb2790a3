import { and, asc, eq, isNull, ne } from 'drizzle-orm';
import { writeTx, type Db } from '../db/client';
import { clinic, user } from '../db/schema';
import type { StaffActor } from '../auth/guard';
import { audit } from '../audit/audit';
import { secondFactors } from '../auth/second-factors';
import { clinicSettings } from './clinic';
import type { StaffRole } from '../../domain/roles';

export interface MemberFactors {
	id: string;
	name: string;
	role: StaffRole;
	totp: boolean;
	passkeys: number;
}

export interface TwoFactorPolicyView {
	required: boolean;
	/** active staff, each with what they can prove besides a password */
	staff: MemberFactors[];
	/** whether the owner asking has a factor themself (needed to turn the policy on) */
	ownerEnrolled: boolean;
}

/** The owner's view: is two-step sign-in required, and who would it hold back. */
export function twoFactorPolicyView(db: Db, actor: StaffActor): TwoFactorPolicyView {
	const row = db.select().from(clinic).where(eq(clinic.id, actor.clinicId)).get();
	const members = db
		.select({ id: user.id, name: user.name, role: user.role })
		.from(user)
		.where(
			and(eq(user.clinicId, actor.clinicId), ne(user.role, 'patient'), isNull(user.disabledAt))
		)
		.orderBy(asc(user.name))
		.all();
	const staff = members.map((m) => {
		const f = secondFactors(db, m.id);
		return { ...m, role: m.role as StaffRole, totp: f.totp, passkeys: f.passkeys };
	});
	const me = staff.find((m) => m.id === actor.user.id);
	return {
		required: row ? clinicSettings(row).requireTwoFactor : false,
		staff,
		ownerEnrolled: Boolean(me && (me.totp || me.passkeys > 0))
	};
}

export type PolicyOutcome =
	{ ok: true; changed: boolean } | { ok: false; status: 409; message: string };

/**
 * Turns the requirement on or off, audited. Turning it on is refused to an owner with no factor
 * of their own: they would be the first person it locks into enrolment, in the middle of
 * changing settings. The setting is read and written in one transaction, so a settings save at
 * the same moment cannot undo it.
 */
export function setTwoFactorPolicy(
	db: Db,
	actor: StaffActor,
	required: boolean,
	now = new Date()
): PolicyOutcome {
	if (required && !twoFactorPolicyView(db, actor).ownerEnrolled) {
		return {
			ok: false,
			status: 409,
			message: 'Set up two-step sign-in for your own account first, then require it of everyone.'
		};
	}
	return writeTx(db, (tx) => {
		const row = tx.select().from(clinic).where(eq(clinic.id, actor.clinicId)).get();
		if (!row) {
			return { ok: true as const, changed: false };
		}
		const current = clinicSettings(row);
		if (current.requireTwoFactor === required) {
			return { ok: true as const, changed: false };
		}
		const stored = row.settings as Record<string, unknown>;
		tx.update(clinic)
			.set({ settings: { ...stored, requireTwoFactor: required } })
			.where(eq(clinic.id, actor.clinicId))
			.run();
		audit(
			tx,
			{
				clinicId: actor.clinicId,
				actorUserId: actor.user.id,
				action: 'two_factor_policy',
				targetType: 'clinic',
				targetId: actor.clinicId,
				ok: true,
				detail: required ? 'required for staff' : 'optional'
			},
			now
		);
		return { ok: true as const, changed: true };
	});
}
