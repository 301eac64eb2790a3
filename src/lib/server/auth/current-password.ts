import type { Db } from '../db/client';
import type { User } from '../db/schema';
import { audit } from '../audit/audit';
import { checkPassword } from './password-check';
import { tooManyAttempts } from './sign-in';

export interface SignedInContext {
	ip: string;
	deviceTokens: readonly string[];
}

export type CurrentPasswordRefusal = {
	ok: false;
	status: 400 | 429;
	message: string;
	retryAfter?: number;
};

/**
 * The current password asked before a signed-in person changes their password or email. It goes
 * through the sign-in throttle (a stolen session must not become an unthrottled way to guess
 * it), and a refusal is audited under the action it guarded.
 */
export async function checkCurrentPassword(
	db: Db,
	me: User,
	current: string,
	context: SignedInContext,
	action: string,
	now = new Date()
) {
	const check = await checkPassword(
		db,
		{
			email: me.email,
			account: me,
			password: current,
			address: context.ip,
			deviceTokens: context.deviceTokens
		},
		now
	);
	if (check.ok) {
		return check;
	}
	const detail = check.retryAfter ? 'throttled' : 'bad credentials';
	const who = { clinicId: me.clinicId, actorUserId: me.id, targetType: 'user', targetId: me.id };
	audit(db, { ...who, action, ok: false, detail }, now);
	const refusal: CurrentPasswordRefusal = check.retryAfter
		? tooManyAttempts(check.retryAfter)
		: { ok: false, status: 400, message: 'Your current password is not right.' };
	return refusal;
}
