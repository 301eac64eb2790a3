import { eq } from 'drizzle-orm';
import { writeTx, type Db } from '../db/client';
import { user, type User } from '../db/schema';
import { audit } from '../audit/audit';
import { hashPassword } from './password';
import { checkPassword } from './password-check';
import { forgetOtherDevices } from './device-cookie';
import { invalidateUserSessions } from './session';
import { tooManyAttempts } from './sign-in';

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
	const check = await checkPassword(
		db,
		{
			email: me.email,
			account: me,
			password: input.current,
			address: context.ip,
			deviceTokens: context.deviceTokens
		},
		now
	);
	if (!check.ok) {
		const detail = check.retryAfter ? 'throttled' : 'bad credentials';
		audit(db, { ...who, action: 'password_change', ok: false, detail }, now);
		return check.retryAfter
			? tooManyAttempts(check.retryAfter)
			: { ok: false, status: 400, message: 'Your current password is not right.' };
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
