import { eq, or, sql } from 'drizzle-orm';
import { writeTx, type Db, type Tx } from '../db/client';
import { accountToken, session, signInAttempt, trustedDevice, user, type User } from '../db/schema';
import { audit } from '../audit/audit';
import { clinicTimeZone } from '../clinic/clinic';
import { queueMail } from '../mail/outbox';
import { config } from '../platform/config';
import { addressBlock } from './client-address';
import { hashPassword } from './password';
import { normalizeEmail } from './sign-in';
import {
	accountKey,
	pairKey,
	recordFailure,
	retryAfterSeconds,
	type RatePolicy,
	type ThrottleKey
} from './throttle';
import { hashSecret, newToken } from './tokens';
import { endOpenTokens, findAccountToken, type UsableToken } from './account-tokens';
import { endPendingSignIns } from './two-step';
import { passwordProblem } from '../../domain/password-rule';
import { greetingName } from '../../domain/greeting';
import { formatTime } from '../../format';

export const RESET_TTL_MS = 30 * 60 * 1000;

const MINUTE = 60_000;
/** One address (email): three links at once, then one every 20 minutes. A mailbox is not flooded. */
export const RESET_ACCOUNT_POLICY: RatePolicy = { kind: 'rate', free: 3, intervalMs: 20 * MINUTE };
/** One client address, any email: a clinic behind one router still gets ten at once. */
export const RESET_CLIENT_POLICY: RatePolicy = { kind: 'rate', free: 10, intervalMs: 6 * MINUTE };

export function resetThrottleKeys(email: string, ip: string): ThrottleKey[] {
	return [
		{ key: `reset:acct:${normalizeEmail(email)}`, policy: RESET_ACCOUNT_POLICY },
		{ key: `reset:ip:${addressBlock(ip)}`, policy: RESET_CLIENT_POLICY }
	];
}

/**
 * "Forgot your password?" for every kind of account. The caller answers the same whatever
 * happens here — sent, unknown address, access ended, throttled — so the page never tells
 * anyone whether an address has an account. Synchronous on purpose: the throttle check, its
 * count and the token are written with no await between them, so two requests cannot both
 * slip under the limit.
 */
export function requestPasswordReset(db: Db, email: string, ip: string, now = new Date()): void {
	const address = normalizeEmail(email);
	const found = db.select().from(user).where(eq(user.email, address)).get();
	const who = { clinicId: found?.clinicId ?? null, actorUserId: null };
	const target = found ? { targetType: 'user', targetId: found.id } : {};
	const keys = resetThrottleKeys(address, ip);
	if (retryAfterSeconds(db, keys, now) > 0) {
		audit(
			db,
			{ ...who, ...target, action: 'password_reset_request', ok: false, detail: 'throttled' },
			now
		);
		return;
	}
	recordFailure(db, keys, now);
	if (!found || found.disabledAt) {
		// An unknown address is recorded without the address: the row belongs to no clinic, and
		// a hash of an email is reversed by guessing addresses. The client address is kept.
		const detail = found ? 'access ended' : 'unknown address';
		audit(db, { ...who, ...target, action: 'password_reset_request', ok: false, detail }, now);
		return;
	}
	const zone = clinicTimeZone(db, found.clinicId);
	writeTx(db, (tx) => {
		endOpenTokens(tx, found.id, 'password_reset', now);
		const { id, secret, token } = newToken();
		const expiresAt = new Date(now.getTime() + RESET_TTL_MS);
		tx.insert(accountToken)
			.values({
				id,
				userId: found.id,
				purpose: 'password_reset',
				secretHash: hashSecret(secret),
				createdAt: now,
				expiresAt
			})
			.run();
		queueMail(
			tx,
			{
				clinicId: found.clinicId,
				kind: 'password_reset',
				to: found.email,
				userId: found.id,
				vars: {
					firstName: greetingName(found.name),
					link: `${config.origin()}/reset-password/${token}`,
					expires: `${formatTime(expiresAt, zone)} (${zone})`
				}
			},
			now
		);
		audit(tx, { ...who, ...target, action: 'password_reset_request', ok: true }, now);
	});
}

export function findResetToken(db: Db, token: string, now = new Date()): UsableToken | null {
	return findAccountToken(db, token, 'password_reset', now);
}

export type ResetResult = { ok: true; user: User } | { ok: false; status: 400; message: string };

export const RESET_GONE = 'This link has expired or has been used. Ask for a new one.';

/**
 * Sets a new password from a reset link. In one transaction: the link is spent, the password
 * set, every session ended (a stolen one included), every known browser forgotten (none keeps
 * its exemption from the sign-in locks on the strength of the old password), and this
 * account's sign-in locks lifted, so an owner locked out by someone guessing can sign in with
 * the new password at once. The per-client-address count stays: it is about the address, and
 * resetting one's own account must not clear a sprayer's lock. The second factor is untouched.
 */
export async function resetPassword(
	db: Db,
	token: string,
	newPassword: string,
	now = new Date()
): Promise<ResetResult> {
	const problem = passwordProblem(newPassword);
	if (problem) {
		return { ok: false, status: 400, message: problem };
	}
	if (!findResetToken(db, token, now)) {
		return unusable(db, now);
	}
	const passwordHash = await hashPassword(newPassword);
	return writeTx(db, (tx): ResetResult => {
		// Again inside the write lock: two tabs posting the same link set one password.
		const found = findAccountToken(tx, token, 'password_reset', now);
		if (!found) {
			return unusable(tx, now);
		}
		const me = found.user;
		tx.update(accountToken).set({ usedAt: now }).where(eq(accountToken.id, found.tokenId)).run();
		endOpenTokens(tx, me.id, 'password_reset', now);
		tx.update(user).set({ passwordHash }).where(eq(user.id, me.id)).run();
		tx.delete(session).where(eq(session.userId, me.id)).run();
		tx.delete(trustedDevice).where(eq(trustedDevice.userId, me.id)).run();
		// A reset proves the mailbox, not the second factor: the authenticator, passkeys and
		// recovery codes stay, no session is made here, and a half-finished sign-in (begun with
		// the old password) ends — the next sign-in asks for the second factor again.
		endPendingSignIns(tx, me.id);
		const pairs = pairKey(me.email, '').slice(0, -'"]'.length);
		tx.delete(signInAttempt)
			.where(
				or(
					eq(signInAttempt.key, accountKey(me.email)),
					sql`substr(${signInAttempt.key}, 1, ${pairs.length}) = ${pairs}`
				)
			)
			.run();
		audit(
			tx,
			{
				clinicId: me.clinicId,
				actorUserId: me.id,
				action: 'password_reset',
				targetType: 'user',
				targetId: me.id,
				ok: true
			},
			now
		);
		return { ok: true, user: { ...me, passwordHash } };
	});
}

/** A spent, expired or made-up link: on the record (no clinic: whose it was is not known). */
function unusable(db: Db | Tx, now: Date): ResetResult {
	audit(
		db,
		{
			clinicId: null,
			actorUserId: null,
			action: 'password_reset',
			ok: false,
			detail: 'link expired, used or unknown'
		},
		now
	);
	return { ok: false, status: 400, message: RESET_GONE };
}
