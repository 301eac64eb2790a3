import { eq } from 'drizzle-orm';
import { writeTx, type Db } from '../db/client';
import { user, type User } from '../db/schema';
import { audit } from '../audit/audit';
import { hashPassword } from './password';
import { checkCurrentPassword } from './current-password';
import { forgetOtherDevices } from './device-cookie';
import { invalidateUserSessions } from './session';

export type PasswordChangeResult =
	{ ok: true } | { ok: false; status: 400 | 429; message: string; retryAfter?: number };

/**
 * A signed-in user's password change. The current password goes through the sign-in throttle:
 * a stolen session must not become an unthrottled way to guess it.
 */
export async function changePassword(
	db: Db,
	me: User,
	input: { current: string; password: string },
	context: { ip: string; sessionId?: string; deviceTokens: readonly string[] },
	now = new Date()
): Promise<PasswordChangeResult> {
	const who = { clinicId: me.clinicId, actorUserId: me.id };
	const check = await checkCurrentPassword(db, me, input.current, context, 'password_change', now);
	if (!check.ok) {
		return check;
	}
	const passwordHash = await hashPassword(input.password);
	writeTx(db, (tx) => tx.update(user).set({ passwordHash }).where(eq(user.id, me.id)).run());
	// A changed password ends every other session, e.g. on a lost phone, and no other browser
	// stays exempt from the sign-in locks.
	invalidateUserSessions(db, me.id, context.sessionId);
	forgetOtherDevices(db, me.id, check.device?.device.id);
	audit(
		db,
		{ ...who, action: 'password_change', ok: true, targetType: 'user', targetId: me.id },
		now
	);
	return { ok: true };
}
