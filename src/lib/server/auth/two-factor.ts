import { and, eq, isNull } from 'drizzle-orm';
import { writeTx, type Db, type Tx } from '../db/client';
import { recoveryCode, totpCredential, type User } from '../db/schema';
import { audit } from '../audit/audit';
import { clinicTimeZone, getClinic } from '../clinic/clinic';
import { qrSvg } from '../platform/qr';
import { matchTotp, newTotpKey, totpUri } from './totp';
import { replaceRecoveryCodes, useRecoveryCode } from './recovery-codes';
import {
	PAIR_POLICY,
	clearFailures,
	recordFailure,
	retryAfterSeconds,
	type ThrottleKey
} from './throttle';
import { tooManyAttempts } from './sign-in';
import { hasSecondFactor, secondFactors } from './second-factors';
import { recordFactorProof } from './step-up';

export { hasSecondFactor, secondFactors, type SecondFactors } from './second-factors';

export type Refusal = { ok: false; status: 400 | 409 | 429; message: string; retryAfter?: number };

const WRONG_CODE = 'That code is not right. Check the time on your phone and type the newest code.';
const WRONG_CODE_OR_RECOVERY =
	'That is neither the current code from your app nor an unused recovery code.';

/**
 * Codes typed by someone already signed in, per account: the same escalating lock a password
 * guesser meets from one address (a stolen session must not become a way to guess six digits).
 */
const codeKeys = (userId: string): ThrottleKey[] => [
	{ key: `totp:${userId}`, policy: PAIR_POLICY }
];

const who = (me: User) => ({
	clinicId: me.clinicId,
	actorUserId: me.id,
	targetType: 'user',
	targetId: me.id
});

function credential(db: Db | Tx, userId: string) {
	return db.select().from(totpCredential).where(eq(totpCredential.userId, userId)).get();
}

export interface TotpSetup {
	key: string;
	uri: string;
	qr: string;
}

async function setupFor(db: Db, me: User, key: string): Promise<TotpSetup> {
	const issuer = getClinic(db, me.clinicId)?.name ?? 'Resurface';
	const uri = totpUri(issuer, me.email, key);
	return { key, uri, qr: await qrSvg(uri) };
}

export interface TwoFactorStatus {
	/** when the authenticator app was confirmed, or null when it is off */
	totpSince: Date | null;
	/** an enrolment begun and not yet confirmed: kept across reloads, shown only to its owner */
	pending: TotpSetup | null;
	recoveryCodesLeft: number;
	/** the clinic's, for the date the app was turned on */
	timeZone: string;
}

/** The account page's view of a person's own second factors. */
export async function twoFactorStatus(db: Db, me: User): Promise<TwoFactorStatus> {
	const row = credential(db, me.id);
	return {
		totpSince: row?.confirmedAt ?? null,
		pending: row && !row.confirmedAt ? await setupFor(db, me, row.key) : null,
		recoveryCodesLeft: secondFactors(db, me.id).recoveryCodesLeft,
		timeZone: clinicTimeZone(db, me.clinicId)
	};
}

/** Begins (or begins again) enrolment with a new key; refused while an app is confirmed. */
export async function startTotpEnrolment(
	db: Db,
	me: User,
	now = new Date()
): Promise<({ ok: true } & TotpSetup) | Refusal> {
	const key = newTotpKey();
	const started = writeTx(db, (tx) => {
		if (credential(tx, me.id)?.confirmedAt) {
			return false;
		}
		tx.insert(totpCredential)
			.values({ userId: me.id, key, createdAt: now, confirmedAt: null, lastStep: null })
			.onConflictDoUpdate({
				target: totpCredential.userId,
				set: { key, createdAt: now, confirmedAt: null, lastStep: null }
			})
			.run();
		audit(tx, { ...who(me), action: 'two_factor_enrol_start', ok: true }, now);
		return true;
	});
	if (!started) {
		return {
			ok: false,
			status: 409,
			message: 'An authenticator app is already on. Turn it off first to set up another.'
		};
	}
	return { ok: true, ...(await setupFor(db, me, key)) };
}

type CodeCheck =
	| { ok: true; factor: 'authenticator' | 'recovery code'; result: string[] | null }
	| { ok: false; reason: 'wrong' | 'none' };

/**
 * Throttle, check, act, audit. `check` runs inside the write transaction, so the step it
 * accepts (or the recovery code it spends) is recorded in the same write as the action: a code
 * cannot be used twice, even by two requests at once.
 */
function withCode(
	db: Db,
	me: User,
	action: string,
	now: Date,
	wrongMessage: string,
	check: (tx: Tx) => CodeCheck
): { ok: true; factor: string; result: string[] | null } | Refusal {
	const keys = codeKeys(me.id);
	const wait = retryAfterSeconds(db, keys, now);
	if (wait > 0) {
		audit(db, { ...who(me), action, ok: false, detail: 'throttled' }, now);
		return tooManyAttempts(wait);
	}
	const outcome = writeTx(db, (tx) => {
		const c = check(tx);
		if (c.ok) {
			audit(tx, { ...who(me), action, ok: true, detail: c.factor }, now);
		}
		return c;
	});
	if (outcome.ok) {
		clearFailures(
			db,
			keys.map((k) => k.key)
		);
		return outcome;
	}
	if (outcome.reason === 'none') {
		audit(db, { ...who(me), action, ok: false, detail: 'no authenticator' }, now);
		return { ok: false, status: 409, message: 'There is no authenticator app to check against.' };
	}
	recordFailure(db, keys, now);
	audit(db, { ...who(me), action, ok: false, detail: 'wrong code' }, now);
	return { ok: false, status: 400, message: wrongMessage };
}

/** Accepts a current code from the app for this credential, recording its step (no replay). */
function acceptTotp(tx: Tx, userId: string, code: string, now: Date, confirmed: boolean) {
	const row = credential(tx, userId);
	if (!row || Boolean(row.confirmedAt) !== confirmed) {
		return 'none' as const;
	}
	const step = matchTotp(row.key, code, row.lastStep, now);
	if (step === null) {
		return 'wrong' as const;
	}
	tx.update(totpCredential)
		.set({ lastStep: step, ...(confirmed ? {} : { confirmedAt: now }) })
		.where(eq(totpCredential.userId, userId))
		.run();
	return 'ok' as const;
}

/** Confirms the app with its first code; returns the 10 recovery codes, to be shown once. */
export function confirmTotpEnrolment(db: Db, me: User, code: string, now = new Date()) {
	const out = withCode(db, me, 'two_factor_enrol', now, WRONG_CODE, (tx) => {
		const accepted = acceptTotp(tx, me.id, code, now, false);
		if (accepted !== 'ok') {
			return { ok: false, reason: accepted };
		}
		return { ok: true, factor: 'authenticator', result: replaceRecoveryCodes(tx, me.id, now) };
	});
	return out.ok ? { ok: true as const, codes: out.result! } : out;
}

/** New recovery codes (the old ones stop working), after a current code from the app. */
export function regenerateRecoveryCodes(db: Db, me: User, code: string, now = new Date()) {
	const out = withCode(db, me, 'recovery_codes_replace', now, WRONG_CODE, (tx) => {
		const accepted = acceptTotp(tx, me.id, code, now, true);
		if (accepted !== 'ok') {
			return { ok: false, reason: accepted };
		}
		return { ok: true, factor: 'authenticator', result: replaceRecoveryCodes(tx, me.id, now) };
	});
	return out.ok ? { ok: true as const, codes: out.result! } : out;
}

/**
 * New recovery codes for an account whose factors are passkeys only: there is no app code to
 * type, so the route asks for a fresh step-up (a passkey) first. Null when the account has no
 * factor to recover (codes alone are not a factor).
 */
export function regenerateRecoveryCodesAfterStepUp(db: Db, me: User, now = new Date()) {
	return writeTx(db, (tx) => {
		if (!hasSecondFactor(tx, me.id)) {
			return null;
		}
		const codes = replaceRecoveryCodes(tx, me.id, now);
		audit(tx, { ...who(me), action: 'recovery_codes_replace', ok: true, detail: 'step-up' }, now);
		return codes;
	});
}

/**
 * Turns the app off. The proof must be a fresh second factor — a current code or an unused
 * recovery code (spent) — not the password: whoever holds a session already passed that.
 */
export function disableTotp(db: Db, me: User, code: string, now = new Date()) {
	const out = withCode(db, me, 'two_factor_disable', now, WRONG_CODE_OR_RECOVERY, (tx) => {
		const accepted = acceptTotp(tx, me.id, code, now, true);
		if (accepted === 'none') {
			return { ok: false, reason: 'none' };
		}
		const factor =
			accepted === 'ok'
				? ('authenticator' as const)
				: useRecoveryCode(tx, me.id, code, now)
					? ('recovery code' as const)
					: null;
		if (!factor) {
			return { ok: false, reason: 'wrong' };
		}
		tx.delete(totpCredential).where(eq(totpCredential.userId, me.id)).run();
		// the codes stand in for every factor: with passkeys left they are still needed
		if (secondFactors(tx, me.id).passkeys === 0) {
			tx.delete(recoveryCode).where(eq(recoveryCode.userId, me.id)).run();
		}
		return { ok: true, factor, result: null };
	});
	return out.ok ? { ok: true as const, factor: out.factor } : out;
}

/**
 * Step-up with a code: a current code from the app, or an unused recovery code (spent). The
 * session's `factorAt` is set in the same write that accepts the code, so a code proves one
 * thing once. Audited `step_up` with the factor; wrong codes share the per-account lock.
 */
export function stepUpWithCode(
	db: Db,
	me: User,
	sessionId: string,
	code: string,
	now = new Date()
) {
	const out = withCode(db, me, 'step_up', now, WRONG_CODE_OR_RECOVERY, (tx) => {
		// an account with passkeys and no app still has recovery codes to fall back on
		const accepted = acceptTotp(tx, me.id, code, now, true);
		const factor =
			accepted === 'ok'
				? ('authenticator' as const)
				: useRecoveryCode(tx, me.id, code, now)
					? ('recovery code' as const)
					: null;
		if (!factor) {
			return {
				ok: false,
				reason: accepted === 'none' && !hasSecondFactor(tx, me.id) ? 'none' : 'wrong'
			};
		}
		recordFactorProof(tx, sessionId, now);
		return { ok: true, factor, result: null };
	});
	return out.ok ? { ok: true as const, factor: out.factor } : out;
}

/** Abandons an enrolment never confirmed (the key was shown but no app holds it for sure). */
export function cancelTotpEnrolment(db: Db, me: User, now = new Date()): void {
	writeTx(db, (tx) => {
		const gone = tx
			.delete(totpCredential)
			.where(and(eq(totpCredential.userId, me.id), isNull(totpCredential.confirmedAt)))
			.run().changes;
		if (gone) {
			audit(tx, { ...who(me), action: 'two_factor_enrol_cancel', ok: true }, now);
		}
	});
}
