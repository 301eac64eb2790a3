import { eq } from 'drizzle-orm';
import type { Db } from '../db/client';
import { user, type User } from '../db/schema';
import { audit } from '../audit';
import { createSession } from './session';
import { decoyHash, verifyPassword } from './password';
import {
	ACCOUNT_POLICY,
	IP_POLICY,
	accountKey,
	ipKey,
	recordFailure,
	recordSuccess,
	retryAfterSeconds
} from './throttle';

export type SignInResult =
	| { ok: true; user: User; token: string; expiresAt: Date }
	| { ok: false; status: 400 | 429; message: string; retryAfter?: number };

/** Said for an unknown email and a wrong password alike: the answer never reveals which. */
export const BAD_CREDENTIALS = 'That email and password do not match an account.';

export function normalizeEmail(email: string): string {
	return email.trim().toLowerCase();
}

export async function signIn(
	db: Db,
	input: { email: string; password: string; ip: string },
	now = new Date()
): Promise<SignInResult> {
	const email = normalizeEmail(input.email);
	const keys = [
		{ key: accountKey(email), policy: ACCOUNT_POLICY },
		{ key: ipKey(input.ip), policy: IP_POLICY }
	];
	const found = db.select().from(user).where(eq(user.email, email)).get();
	const who = { clinicId: found?.clinicId ?? null, actorUserId: found?.id ?? null, ip: input.ip };

	const wait = retryAfterSeconds(db, keys, now);
	if (wait > 0) {
		audit(db, { ...who, action: 'sign_in', ok: false, detail: 'throttled' }, now);
		return {
			ok: false,
			status: 429,
			retryAfter: wait,
			message: `Too many attempts. Try again in ${formatWait(wait)}.`
		};
	}

	// Verify against a decoy when the email is unknown so both answers take the same time.
	const passwordOk = await verifyPassword(
		found?.passwordHash ?? (await decoyHash()),
		input.password
	);
	if (!found || !passwordOk || found.disabledAt) {
		recordFailure(db, keys, now);
		audit(db, { ...who, action: 'sign_in', ok: false, detail: 'bad credentials' }, now);
		return { ok: false, status: 400, message: BAD_CREDENTIALS };
	}

	recordSuccess(db, email);
	const { token, session } = createSession(db, found.id, now);
	audit(db, { ...who, action: 'sign_in', ok: true, targetType: 'user', targetId: found.id }, now);
	return { ok: true, user: found, token, expiresAt: session.expiresAt };
}

export function formatWait(seconds: number): string {
	if (seconds < 90) {
		return `${seconds} seconds`;
	}
	return `${Math.ceil(seconds / 60)} minutes`;
}
