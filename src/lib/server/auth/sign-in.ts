import { eq } from 'drizzle-orm';
import type { Db } from '../db/client';
import { user, type User } from '../db/schema';
import { audit } from '../audit/audit';
import { createSession } from './session';
import { trustDevice } from './device-cookie';
import { checkPassword } from './password-check';
import { hasSecondFactor } from './second-factors';
import { startPendingSignIn, type PendingStart } from './two-step';

export type SignInResult =
	| {
			ok: true;
			user: User;
			token: string;
			expiresAt: Date;
			/** the device cookie's token for this account, new or renewed */
			device: { token: string; expiresAt: Date };
	  }
	/** the password was right and the account has a second factor: /login/two-factor next */
	| { ok: true; user: User; pending: PendingStart }
	| { ok: false; status: 400 | 429; message: string; retryAfter?: number };

/** Said for an unknown email and a wrong password alike: the answer never reveals which. */
export const BAD_CREDENTIALS = 'That email and password do not match an account.';

export function normalizeEmail(email: string): string {
	return email.trim().toLowerCase();
}

export async function signIn(
	db: Db,
	input: { email: string; password: string; ip: string; deviceTokens?: readonly string[] },
	now = new Date()
): Promise<SignInResult> {
	const email = normalizeEmail(input.email);
	const found = db.select().from(user).where(eq(user.email, email)).get();
	const who = { clinicId: found?.clinicId ?? null, actorUserId: found?.id ?? null };

	const check = await checkPassword(
		db,
		{
			email,
			account: found,
			password: input.password,
			address: input.ip,
			deviceTokens: input.deviceTokens ?? []
		},
		now
	);
	if (!check.ok || !found) {
		const retryAfter = check.ok ? 0 : check.retryAfter;
		const detail = retryAfter ? 'throttled' : 'bad credentials';
		audit(db, { ...who, action: 'sign_in', ok: false, detail }, now);
		return retryAfter
			? tooManyAttempts(retryAfter)
			: { ok: false, status: 400, message: BAD_CREDENTIALS };
	}

	if (hasSecondFactor(db, found.id)) {
		// No session and no device cookie yet: both wait for the second factor (two-step.ts).
		const pending = startPendingSignIn(db, found.id, now);
		audit(
			db,
			{
				...who,
				action: 'sign_in_password',
				ok: true,
				targetType: 'user',
				targetId: found.id,
				detail: 'second factor asked'
			},
			now
		);
		return { ok: true, user: found, pending };
	}

	const { token, session } = createSession(db, found.id, now);
	const device = trustDevice(db, found.id, check.device, now);
	audit(db, { ...who, action: 'sign_in', ok: true, targetType: 'user', targetId: found.id }, now);
	return { ok: true, user: found, token, expiresAt: session.expiresAt, device };
}

export function tooManyAttempts(retryAfter: number) {
	return {
		ok: false as const,
		status: 429 as const,
		retryAfter,
		message: `Too many attempts. Try again in ${formatWait(retryAfter)}.`
	};
}

export function formatWait(seconds: number): string {
	if (seconds < 90) {
		return `${seconds} seconds`;
	}
	return `${Math.ceil(seconds / 60)} minutes`;
}
