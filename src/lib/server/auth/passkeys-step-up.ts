import {
	generateAuthenticationOptions,
	type PublicKeyCredentialRequestOptionsJSON
} from '@simplewebauthn/server';
import { writeTx, type Db } from '../db/client';
import type { Session, User } from '../db/schema';
import { audit } from '../audit/audit';
import {
	CEREMONY_TIMED_OUT,
	PASSKEY_NOT_ACCEPTED,
	checkAssertion,
	credentialDescriptors,
	parseAuthentication,
	relyingParty,
	spendAssertion,
	type PasskeyRefusal
} from './passkeys';
import { STEP_UP_WINDOW_MS, recordFactorProof } from './step-up';
import { issueChallenge, takeChallenge } from './webauthn-challenge';

export const NO_PASSKEYS = 'There is no passkey on your account.';

/** Options for proving a passkey again on this session (step-up): only the account's own. */
export async function stepUpOptions(
	db: Db,
	me: User,
	s: Session,
	now = new Date()
): Promise<
	{ ok: true; options: PublicKeyCredentialRequestOptionsJSON; token: string } | PasskeyRefusal
> {
	const allow = credentialDescriptors(db, me.id);
	if (allow.length === 0) {
		return { ok: false, status: 409, message: NO_PASSKEYS };
	}
	const options = await generateAuthenticationOptions({
		rpID: relyingParty().id,
		allowCredentials: allow,
		userVerification: 'preferred'
	});
	const { token } = issueChallenge(
		db,
		{ purpose: 'step_up', sessionId: s.id, userId: me.id, challenge: options.challenge },
		now
	);
	return { ok: true, options, token };
}

/**
 * Step-up with a passkey: an answer to this session's own challenge, signed by one of this
 * account's passkeys, records a factor proof on the session (step-up.ts). Audited either way.
 */
export async function stepUpWithPasskey(
	db: Db,
	me: User,
	s: Session,
	input: { token: string | undefined; response: unknown },
	now = new Date()
): Promise<{ ok: true; until: Date } | PasskeyRefusal> {
	const who = { clinicId: me.clinicId, actorUserId: me.id, targetType: 'user', targetId: me.id };
	const taken = takeChallenge(db, input.token, { purpose: 'step_up', sessionId: s.id }, now);
	if (!taken || taken.userId !== me.id) {
		audit(db, { ...who, action: 'step_up', ok: false, detail: 'passkey: no challenge' }, now);
		return { ok: false, status: 400, message: CEREMONY_TIMED_OUT };
	}
	const response = parseAuthentication(input.response);
	const checked = response ? await checkAssertion(db, response, taken.challenge, false) : null;
	const ok =
		checked !== null &&
		checked.passkey.userId === me.id &&
		writeTx(db, (tx) => {
			if (!spendAssertion(tx, checked, now)) {
				return false;
			}
			recordFactorProof(tx, s.id, now);
			audit(tx, { ...who, action: 'step_up', ok: true, detail: 'passkey' }, now);
			return true;
		});
	if (!ok) {
		audit(db, { ...who, action: 'step_up', ok: false, detail: 'passkey: not accepted' }, now);
		return { ok: false, status: 400, message: PASSKEY_NOT_ACCEPTED };
	}
	return { ok: true, until: new Date(now.getTime() + STEP_UP_WINDOW_MS) };
}
