import {
	generateAuthenticationOptions,
	type PublicKeyCredentialRequestOptionsJSON
} from '@simplewebauthn/server';
import { and, eq } from 'drizzle-orm';
import { writeTx, type Db } from '../db/client';
import { pendingSignIn, user } from '../db/schema';
import { audit } from '../audit/audit';
import { createSession } from './session';
import { findKnownDevice, trustDevice } from './device-cookie';
import {
	checkAssertion,
	credentialDescriptors,
	parseAuthentication,
	relyingParty,
	spendAssertion,
	CEREMONY_TIMED_OUT
} from './passkeys';
import {
	ADDRESS_POLICY,
	PAIR_POLICY,
	addressKey,
	clearFailures,
	pairKey,
	recordFailure,
	retryAfterSeconds,
	type ThrottleKey
} from './throttle';
import { tooManyAttempts, type SignInResult } from './sign-in';
import { openTwoStep, settleTwoStep, type TwoStepResult } from './two-step';
import { issueChallenge, takeChallenge } from './webauthn-challenge';

/**
 * Options for a passkey as the second step of a half-finished sign-in: only that account's
 * passkeys are allowed, and the challenge is kept on the pending record (its cookie already
 * names it), replacing any earlier one.
 */
export async function secondStepOptions(
	db: Db,
	pendingToken: string | undefined,
	now = new Date()
): Promise<
	| { ok: true; options: PublicKeyCredentialRequestOptionsJSON }
	| Extract<TwoStepResult, { ok: false }>
> {
	const open = openTwoStep(db, pendingToken, now);
	if (!open.ok) {
		return open;
	}
	const allow = credentialDescriptors(db, open.found.user.id);
	if (allow.length === 0) {
		return { ok: false, status: 400, message: 'There is no passkey on this account.' };
	}
	const options = await generateAuthenticationOptions({
		rpID: relyingParty().id,
		allowCredentials: allow,
		userVerification: 'preferred'
	});
	writeTx(db, (tx) =>
		tx
			.update(pendingSignIn)
			.set({ challenge: options.challenge })
			.where(eq(pendingSignIn.id, open.found.pending.id))
			.run()
	);
	return { ok: true, options };
}

/**
 * The second step with a passkey: ends exactly as a code does (two-step.ts settleTwoStep). The
 * pending record's challenge is cleared before the answer is checked, so it is answered once;
 * a passkey of another account is a wrong answer, counted like a wrong code.
 */
export async function completeTwoStepWithPasskey(
	db: Db,
	pendingToken: string | undefined,
	input: { response: unknown; deviceTokens?: readonly string[] },
	now = new Date()
): Promise<TwoStepResult> {
	const open = openTwoStep(db, pendingToken, now);
	if (!open.ok) {
		return open;
	}
	const pendingId = open.found.pending.id;
	const challenge = open.found.pending.challenge;
	const spent =
		challenge !== null &&
		writeTx(
			db,
			(tx) =>
				tx
					.update(pendingSignIn)
					.set({ challenge: null })
					.where(and(eq(pendingSignIn.id, pendingId), eq(pendingSignIn.challenge, challenge)))
					.run().changes === 1
		);
	const response = parseAuthentication(input.response);
	const checked = spent && response ? await checkAssertion(db, response, challenge, false) : null;
	const userId = open.found.user.id;
	return settleTwoStep(
		db,
		open,
		{ factor: 'passkey', deviceTokens: input.deviceTokens },
		(tx) =>
			checked !== null && checked.passkey.userId === userId && spendAssertion(tx, checked, now),
		now
	);
}

/**
 * Options for a one-tap sign-in: no account is known yet, so no credentials are listed (the
 * authenticator offers its discoverable ones) and user verification is required — the passkey
 * is then something held and something known or are, two factors on its own.
 */
export async function signInOptions(
	db: Db,
	now = new Date()
): Promise<{ options: PublicKeyCredentialRequestOptionsJSON; token: string }> {
	const options = await generateAuthenticationOptions({
		rpID: relyingParty().id,
		userVerification: 'required'
	});
	const { token } = issueChallenge(
		db,
		{ purpose: 'sign_in', sessionId: null, userId: null, challenge: options.challenge },
		now
	);
	return { options, token };
}

/** Said for every refusal: it never tells whether the passkey, or its account, exists. */
export const PASSKEY_SIGN_IN_REFUSED =
	'That passkey did not sign you in. Try again, or use your password.';

/**
 * One-tap sign-in with a discoverable passkey, instead of password and code. Throttled like a
 * password: per address, and per account and address once the passkey names an account. The
 * session has proved a factor now and no password (`passwordAt` null).
 */
export async function signInWithPasskey(
	db: Db,
	input: {
		token: string | undefined;
		response: unknown;
		ip: string;
		deviceTokens?: readonly string[];
	},
	now = new Date()
): Promise<Exclude<SignInResult, { pending: unknown }>> {
	const refuse = (
		keys: ThrottleKey[],
		account: { id: string; clinicId: string } | null,
		detail: string
	) => {
		recordFailure(db, keys, now);
		audit(
			db,
			{
				clinicId: account?.clinicId ?? null,
				actorUserId: account?.id ?? null,
				action: 'sign_in',
				ok: false,
				detail: `passkey: ${detail}`
			},
			now
		);
		return { ok: false as const, status: 400 as const, message: PASSKEY_SIGN_IN_REFUSED };
	};
	const addressKeys: ThrottleKey[] = [{ key: addressKey(input.ip), policy: ADDRESS_POLICY }];
	const wait = retryAfterSeconds(db, addressKeys, now);
	if (wait > 0) {
		audit(
			db,
			{
				clinicId: null,
				actorUserId: null,
				action: 'sign_in',
				ok: false,
				detail: 'passkey: throttled'
			},
			now
		);
		return tooManyAttempts(wait);
	}
	const taken = takeChallenge(db, input.token, { purpose: 'sign_in', sessionId: null }, now);
	if (!taken) {
		audit(
			db,
			{
				clinicId: null,
				actorUserId: null,
				action: 'sign_in',
				ok: false,
				detail: 'passkey: no challenge'
			},
			now
		);
		return { ok: false, status: 400, message: CEREMONY_TIMED_OUT };
	}
	const response = parseAuthentication(input.response);
	const checked = response ? await checkAssertion(db, response, taken.challenge, true) : null;
	if (!checked) {
		return refuse(addressKeys, null, 'not accepted');
	}
	const account = db.select().from(user).where(eq(user.id, checked.passkey.userId)).get();
	if (!account) {
		return refuse(addressKeys, null, 'not accepted');
	}
	const keys = [...addressKeys, { key: pairKey(account.email, input.ip), policy: PAIR_POLICY }];
	const pairWait = retryAfterSeconds(db, keys, now);
	if (pairWait > 0) {
		audit(
			db,
			{
				clinicId: account.clinicId,
				actorUserId: account.id,
				action: 'sign_in',
				ok: false,
				detail: 'passkey: throttled'
			},
			now
		);
		return tooManyAttempts(pairWait);
	}
	if (account.disabledAt) {
		return refuse(keys, account, 'account disabled');
	}
	const spent = writeTx(db, (tx) => {
		if (!spendAssertion(tx, checked, now)) {
			return false;
		}
		audit(
			tx,
			{
				clinicId: account.clinicId,
				actorUserId: account.id,
				action: 'sign_in',
				ok: true,
				targetType: 'user',
				targetId: account.id,
				detail: 'passkey'
			},
			now
		);
		return true;
	});
	if (!spent) {
		return refuse(keys, account, 'counter');
	}
	clearFailures(db, [keys[1].key]);
	const { token, session } = createSession(db, account.id, now, now, null);
	const known = findKnownDevice(db, account.id, input.deviceTokens ?? [], now);
	const device = trustDevice(db, account.id, known, now);
	return { ok: true, user: account, token, expiresAt: session.expiresAt, device };
}
