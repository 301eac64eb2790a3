import { and, eq, isNotNull, lt, or } from 'drizzle-orm';
import { writeTx, type Db, type Tx } from '../db/client';
import { pendingSignIn, totpCredential, user, type User } from '../db/schema';
import { audit } from '../audit/audit';
import { createSession } from './session';
import { findKnownDevice, trustDevice } from './device-cookie';
import { useRecoveryCode } from './recovery-codes';
import { cleanCode, matchTotp } from './totp';
import {
	clearFailures,
	recordFailure,
	retryAfterSeconds,
	type RatePolicy,
	type ThrottleKey
} from './throttle';
import { hashSecret, newToken, secretMatches, splitToken } from './tokens';
import { tooManyAttempts } from './sign-in';

/** Long enough to open an authenticator app or find the sheet of recovery codes. */
export const PENDING_TTL_MS = 5 * 60 * 1000;
/** Wrong codes one half-finished sign-in may take before the password is asked for again. */
export const PENDING_MAX_FAILURES = 5;
/**
 * Wrong codes for one account, however many times the password is typed again: five at once,
 * then one every three minutes (about five per 15 minutes). Without it, starting over with the
 * password would give a thief who has the password unlimited guesses at a 6-digit code.
 */
export const TWO_STEP_POLICY: RatePolicy = { kind: 'rate', free: 5, intervalMs: 3 * 60 * 1000 };
export const twoStepKey = (userId: string) => `2fa:${userId}`;

export const SIGN_IN_TIMED_OUT = 'Your sign-in timed out. Start again.';
export const TOO_MANY_CODES = 'Too many wrong codes. Start again with your password.';
export const BAD_CODE = 'That code is not right, or it has been used already.';
export const BAD_PASSKEY = 'That passkey was not accepted. Try again, or use a code.';

export type SecondFactor = 'authenticator' | 'recovery code' | 'passkey';

export interface PendingStart {
	token: string;
	expiresAt: Date;
}

/**
 * After a correct password, for an account with a second factor: a short-lived record of the
 * half-finished sign-in (not a session: nothing but the second form accepts it). Only SHA-256
 * of its secret is kept, and an earlier one of the same account is replaced.
 */
export function startPendingSignIn(db: Db | Tx, userId: string, now = new Date()): PendingStart {
	const { id, secret, token } = newToken();
	const expiresAt = new Date(now.getTime() + PENDING_TTL_MS);
	const write = (tx: Tx) => {
		tx.delete(pendingSignIn)
			.where(or(eq(pendingSignIn.userId, userId), lt(pendingSignIn.expiresAt, now)))
			.run();
		tx.insert(pendingSignIn)
			.values({ id, userId, secretHash: hashSecret(secret), createdAt: now, expiresAt })
			.run();
	};
	if ('$client' in db) {
		writeTx(db, write);
	} else {
		write(db);
	}
	return { token, expiresAt };
}

/** Ends every half-finished sign-in of an account (a password reset, a disabled account). */
export function endPendingSignIns(tx: Db | Tx, userId: string): void {
	tx.delete(pendingSignIn).where(eq(pendingSignIn.userId, userId)).run();
}

/** The live half-finished sign-in a token names, with its account; null when gone. */
export function findPendingSignIn(db: Db | Tx, token: string | undefined, now = new Date()) {
	const parts = splitToken(token);
	if (!parts) {
		return null;
	}
	const found = db
		.select({ pending: pendingSignIn, user })
		.from(pendingSignIn)
		.innerJoin(user, eq(user.id, pendingSignIn.userId))
		.where(eq(pendingSignIn.id, parts.id))
		.get();
	if (
		!found ||
		!secretMatches(parts.secret, found.pending.secretHash) ||
		now.getTime() >= found.pending.expiresAt.getTime() ||
		found.user.disabledAt
	) {
		return null;
	}
	return found;
}

export type TwoStepResult =
	| {
			ok: true;
			user: User;
			token: string;
			expiresAt: Date;
			device: { token: string; expiresAt: Date };
			factor: SecondFactor;
	  }
	/** `restart`: the half-finished sign-in is over (why); back to the password form */
	| { ok: false; status: 400; message: string; restart?: 'timeout' | 'codes' }
	| { ok: false; status: 429; message: string; retryAfter: number };

/** Six digits (spaces allowed) are an authenticator code; anything else a recovery code. */
function factorOf(code: string): SecondFactor {
	return /^\d{6}$/.test(cleanCode(code)) ? 'authenticator' : 'recovery code';
}

type Found = NonNullable<ReturnType<typeof findPendingSignIn>>;

/** A half-finished sign-in that may try a second factor now: live, and not throttled. */
export type OpenTwoStep =
	{ ok: true; found: Found; keys: ThrottleKey[] } | Extract<TwoStepResult, { ok: false }>;

const whoOf = (me: User) => ({
	clinicId: me.clinicId,
	actorUserId: me.id,
	targetType: 'user',
	targetId: me.id
});

/** The first half of every second step: the pending sign-in is live and not throttled. */
export function openTwoStep(db: Db, pendingToken: string | undefined, now: Date): OpenTwoStep {
	const found = findPendingSignIn(db, pendingToken, now);
	if (!found) {
		audit(
			db,
			{
				clinicId: null,
				actorUserId: null,
				action: 'sign_in',
				ok: false,
				detail: 'second factor: timed out'
			},
			now
		);
		return { ok: false, status: 400, message: SIGN_IN_TIMED_OUT, restart: 'timeout' };
	}
	const keys = [{ key: twoStepKey(found.user.id), policy: TWO_STEP_POLICY }];
	const wait = retryAfterSeconds(db, keys, now);
	if (wait > 0) {
		audit(
			db,
			{ ...whoOf(found.user), action: 'sign_in', ok: false, detail: 'second factor: throttled' },
			now
		);
		return tooManyAttempts(wait);
	}
	return { ok: true, found, keys };
}

/**
 * The second half, the same for every factor: `check` runs inside the write transaction that
 * ends the pending sign-in (so what it spends — a step, a recovery code, a passkey's counter —
 * is recorded with it), and a wrong answer is counted on the pending record and the account.
 * The device cookie (the exemption from the password locks) is given here, after the whole
 * sign-in, never after the password alone.
 */
export function settleTwoStep(
	db: Db,
	open: Extract<OpenTwoStep, { ok: true }>,
	input: { factor: SecondFactor; deviceTokens?: readonly string[] },
	check: (tx: Tx) => boolean,
	now: Date
): TwoStepResult {
	const { found, keys } = open;
	const me = found.user;
	const outcome = writeTx(db, (tx) => {
		// still there: another request may have finished or ended it meanwhile
		const live = tx
			.select({ failures: pendingSignIn.failures })
			.from(pendingSignIn)
			.where(eq(pendingSignIn.id, found.pending.id))
			.get();
		if (!live) {
			return { ok: false as const, gone: true, restart: true };
		}
		if (check(tx)) {
			tx.delete(pendingSignIn).where(eq(pendingSignIn.id, found.pending.id)).run();
			audit(tx, { ...whoOf(me), action: 'sign_in', ok: true, detail: input.factor }, now);
			return { ok: true as const };
		}
		const failures = live.failures + 1;
		if (failures >= PENDING_MAX_FAILURES) {
			tx.delete(pendingSignIn).where(eq(pendingSignIn.id, found.pending.id)).run();
		} else {
			tx.update(pendingSignIn)
				.set({ failures })
				.where(eq(pendingSignIn.id, found.pending.id))
				.run();
		}
		audit(tx, { ...whoOf(me), action: 'sign_in', ok: false, detail: 'second factor' }, now);
		return { ok: false as const, gone: false, restart: failures >= PENDING_MAX_FAILURES };
	});

	if (!outcome.ok) {
		if (outcome.gone) {
			return { ok: false, status: 400, message: SIGN_IN_TIMED_OUT, restart: 'timeout' };
		}
		recordFailure(db, keys, now);
		return outcome.restart
			? { ok: false, status: 400, message: TOO_MANY_CODES, restart: 'codes' }
			: { ok: false, status: 400, message: input.factor === 'passkey' ? BAD_PASSKEY : BAD_CODE };
	}
	clearFailures(db, [keys[0].key]);
	const { token, session } = createSession(db, me.id, now, now);
	const known = findKnownDevice(db, me.id, input.deviceTokens ?? [], now);
	const device = trustDevice(db, me.id, known, now);
	return { ok: true, user: me, token, expiresAt: session.expiresAt, device, factor: input.factor };
}

/**
 * The second step with a code: an authenticator code or a recovery code for the half-finished
 * sign-in the token names. Synchronous, so the throttle check, the code check and the counts
 * happen with nothing in between; an authenticator code's step is written in the same
 * transaction that accepts it, so the same code cannot open two sessions.
 */
export function completeTwoStep(
	db: Db,
	pendingToken: string | undefined,
	input: { code: string; deviceTokens?: readonly string[] },
	now = new Date()
): TwoStepResult {
	const open = openTwoStep(db, pendingToken, now);
	if (!open.ok) {
		return open;
	}
	const factor = factorOf(input.code);
	const userId = open.found.user.id;
	return settleTwoStep(
		db,
		open,
		{ factor, deviceTokens: input.deviceTokens },
		(tx) =>
			factor === 'authenticator'
				? spendTotp(tx, userId, input.code, now)
				: useRecoveryCode(tx, userId, input.code, now),
		now
	);
}

/** Accepts a current authenticator code once: its step is stored, so it cannot come again. */
function spendTotp(tx: Tx, userId: string, code: string, now: Date): boolean {
	const credential = tx
		.select()
		.from(totpCredential)
		.where(and(eq(totpCredential.userId, userId), isNotNull(totpCredential.confirmedAt)))
		.get();
	if (!credential) {
		return false;
	}
	const step = matchTotp(credential.key, code, credential.lastStep, now);
	if (step === null) {
		return false;
	}
	tx.update(totpCredential).set({ lastStep: step }).where(eq(totpCredential.userId, userId)).run();
	return true;
}
