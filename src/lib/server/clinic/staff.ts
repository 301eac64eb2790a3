import { and, asc, eq, isNull, ne } from 'drizzle-orm';
import { writeTx, type Db } from '../db/client';
import { session, user } from '../db/schema';
import type { StaffActor } from '../auth/guard';
import { audit } from '../audit/audit';
import { revokeInvitationsBy } from '../invitations/invitations';
import { revokeTokensOfMember } from '../auth/api-tokens';
import { hasSecondFactor } from '../auth/second-factors';

/** The team, each with whether two-step sign-in is on (the owner may reset it). */
export function listStaff(db: Db, actor: StaffActor) {
	const rows = db
		.select({
			id: user.id,
			name: user.name,
			email: user.email,
			role: user.role,
			disabledAt: user.disabledAt
		})
		.from(user)
		.where(and(eq(user.clinicId, actor.clinicId), ne(user.role, 'patient')))
		.orderBy(asc(user.name))
		.all();
	return rows.map((r) => ({ ...r, twoFactor: hasSecondFactor(db, r.id) }));
}

export class StaffAccessError extends Error {}

/**
 * Ends or restores a team member's access. Disabling signs them out everywhere at once (their
 * sessions are deleted and their API tokens revoked in the same transaction; restoring access
 * brings neither back) and sign-in refuses them from then on. An
 * owner cannot lock themself out, nor leave the clinic without an active owner. Another
 * clinic's user, a patient or an unknown id: null (the route answers 404).
 */
export function setStaffAccess(
	db: Db,
	actor: StaffActor,
	userId: string,
	disabled: boolean
): { name: string } | null {
	return writeTx(db, (tx) => {
		const target = tx
			.select()
			.from(user)
			.where(and(eq(user.id, userId), eq(user.clinicId, actor.clinicId), ne(user.role, 'patient')))
			.get();
		if (!target) {
			return null;
		}
		if (disabled && target.id === actor.user.id) {
			throw new StaffAccessError('You cannot end your own access; ask another owner.');
		}
		if (disabled && target.role === 'owner') {
			const owners = tx
				.select({ id: user.id })
				.from(user)
				.where(
					and(eq(user.clinicId, actor.clinicId), eq(user.role, 'owner'), isNull(user.disabledAt))
				)
				.all();
			if (owners.length <= 1) {
				throw new StaffAccessError('The clinic needs at least one owner with access.');
			}
		}
		tx.update(user)
			.set({ disabledAt: disabled ? new Date() : null })
			.where(eq(user.id, target.id))
			.run();
		if (disabled) {
			tx.delete(session).where(eq(session.userId, target.id)).run();
			// Links they made or confirmed die with their access (also checked at use), and
			// their API tokens for good: restoring access later does not revive them.
			revokeInvitationsBy(tx, target.id, new Date());
			revokeTokensOfMember(tx, actor, target.id);
		}
		audit(tx, {
			clinicId: actor.clinicId,
			actorUserId: actor.user.id,
			action: disabled ? 'staff_disable' : 'staff_enable',
			targetType: 'user',
			targetId: target.id,
			ok: true
		});
		return { name: target.name };
	});
}
