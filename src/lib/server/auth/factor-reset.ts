import { and, eq, ne } from 'drizzle-orm';
import { writeTx, type Db } from '../db/client';
import {
	passkey,
	pendingSignIn,
	recoveryCode,
	session,
	totpCredential,
	user,
	webauthnChallenge
} from '../db/schema';
import { audit } from '../audit/audit';
import { can, type StaffActor } from './guard';
import { secondFactors } from './second-factors';

export class FactorResetError extends Error {}

/**
 * Takes away every second factor of a person who lost them: the authenticator app, recovery
 * codes, passkeys, half-finished sign-ins and passkey challenges, and ends their sessions, in
 * one transaction, audited `two_factor_reset` (with what was removed). They sign in next with
 * their password alone, and enrol again if the clinic requires it.
 *
 * `actor` is the owner on the Staff page: only members of their own clinic who are staff, never
 * themself (their own account page does that, with a fresh factor). Anyone else: null, which
 * the page answers with 404. `actor` null is the server's command line, whose operator holds
 * the database already: any account.
 */
export function resetSecondFactors(
	db: Db,
	actor: StaffActor | null,
	targetUserId: string,
	now = new Date()
): { name: string; email: string } | null {
	if (actor && !can(actor.user.role, 'staff.manage')) {
		return null;
	}
	return writeTx(db, (tx) => {
		const target = tx
			.select()
			.from(user)
			.where(
				actor
					? and(
							eq(user.id, targetUserId),
							eq(user.clinicId, actor.clinicId),
							ne(user.role, 'patient')
						)
					: eq(user.id, targetUserId)
			)
			.get();
		if (!target) {
			return null;
		}
		if (actor && target.id === actor.user.id) {
			throw new FactorResetError(
				'You cannot reset your own two-step sign-in here; turn it off on your account page.'
			);
		}
		const had = secondFactors(tx, target.id);
		tx.delete(totpCredential).where(eq(totpCredential.userId, target.id)).run();
		tx.delete(recoveryCode).where(eq(recoveryCode.userId, target.id)).run();
		tx.delete(passkey).where(eq(passkey.userId, target.id)).run();
		tx.delete(pendingSignIn).where(eq(pendingSignIn.userId, target.id)).run();
		tx.delete(webauthnChallenge).where(eq(webauthnChallenge.userId, target.id)).run();
		tx.delete(session).where(eq(session.userId, target.id)).run();
		const removed = [
			had.totp ? 'authenticator app' : null,
			had.passkeys ? `${had.passkeys} passkey${had.passkeys === 1 ? '' : 's'}` : null,
			had.recoveryCodesLeft ? `${had.recoveryCodesLeft} recovery codes` : null
		].filter(Boolean);
		audit(
			tx,
			{
				clinicId: target.clinicId,
				actorUserId: actor ? actor.user.id : null,
				action: 'two_factor_reset',
				targetType: 'user',
				targetId: target.id,
				ok: true,
				detail: [
					removed.length ? `removed ${removed.join(', ')}` : 'had none',
					actor ? null : 'from the command line'
				]
					.filter(Boolean)
					.join(' · ')
			},
			now
		);
		return { name: target.name, email: target.email };
	});
}
