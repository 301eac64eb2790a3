import { writeTx, type Db } from '../db/client';
import type { User } from '../db/schema';
import { audit } from '../audit/audit';
import { checkCurrentPassword, type SignedInContext } from './current-password';
import { hasSecondFactor } from './second-factors';
import { recordPasswordProof } from './step-up';

export type StepUpPasswordResult =
	{ ok: true } | { ok: false; status: 400 | 409 | 429; message: string; retryAfter?: number };

/**
 * Step-up with the password, for an account that has nothing more to prove. An account with a
 * second factor is refused before the password is looked at: its password is exactly what a
 * thief with the session may know, and stepUpFresh would not count it anyway. The check goes
 * through the sign-in throttle; failures are audited there under `step_up`.
 */
export async function stepUpWithPassword(
	db: Db,
	me: User,
	sessionId: string,
	password: string,
	context: SignedInContext,
	now = new Date()
): Promise<StepUpPasswordResult> {
	const who = { clinicId: me.clinicId, actorUserId: me.id, targetType: 'user', targetId: me.id };
	if (hasSecondFactor(db, me.id)) {
		audit(
			db,
			{ ...who, action: 'step_up', ok: false, detail: 'password refused: has a second factor' },
			now
		);
		return {
			ok: false,
			status: 409,
			message: 'Your account has two-step sign-in: confirm with your app or a passkey instead.'
		};
	}
	const check = await checkCurrentPassword(db, me, password, context, 'step_up', now);
	if (!check.ok) {
		return check.retryAfter
			? check
			: { ok: false, status: 400, message: 'That password is not right.' };
	}
	writeTx(db, (tx) => {
		recordPasswordProof(tx, sessionId, now);
		audit(tx, { ...who, action: 'step_up', ok: true, detail: 'password' }, now);
	});
	return { ok: true };
}
