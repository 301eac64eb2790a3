import {
	generateRegistrationOptions,
	verifyAuthenticationResponse,
	verifyRegistrationResponse,
	type AuthenticationResponseJSON,
	type PublicKeyCredentialCreationOptionsJSON,
	type RegistrationResponseJSON
} from '@simplewebauthn/server';
import { isoBase64URL } from '@simplewebauthn/server/helpers';
import { and, asc, eq } from 'drizzle-orm';
import { z } from 'zod';
import { writeTx, type Db, type Tx } from '../db/client';
import { passkey, recoveryCode, type Passkey, type User } from '../db/schema';
import { audit } from '../audit/audit';
import { getClinic } from '../clinic/clinic';
import { config } from '../platform/config';
import { replaceRecoveryCodes } from './recovery-codes';
import { hasSecondFactor } from './second-factors';
import { recordFactorProof } from './step-up';
import { issueChallenge, takeChallenge } from './webauthn-challenge';

export type PasskeyRefusal = {
	ok: false;
	status: 400 | 401 | 404 | 409 | 429;
	message: string;
	retryAfter?: number;
};

export const PASSKEY_NOT_ACCEPTED = 'That passkey was not accepted. Try again.';
export const CEREMONY_TIMED_OUT = 'That took too long, or was already used. Try again.';

/**
 * The relying party is the address people type: its hostname is the RP ID (a passkey made for
 * clinic.example works only there) and the whole origin is what the browser must report.
 */
export function rpIdFrom(origin: string): string {
	return new URL(origin).hostname;
}

export function relyingParty(): { id: string; origin: string } {
	const origin = config.origin();
	return { id: rpIdFrom(origin), origin };
}

// The browser's answers, checked for shape before the library reads them; the library then
// checks everything that matters (signature, challenge, origin, RP ID).
const b64 = z.string().min(1).max(16_384);
const registrationShape = z.looseObject({
	id: b64,
	rawId: b64,
	type: z.literal('public-key'),
	response: z.looseObject({ clientDataJSON: b64, attestationObject: b64 }),
	clientExtensionResults: z.looseObject({}).default({})
});
const authenticationShape = z.looseObject({
	id: b64,
	rawId: b64,
	type: z.literal('public-key'),
	response: z.looseObject({ clientDataJSON: b64, authenticatorData: b64, signature: b64 }),
	clientExtensionResults: z.looseObject({}).default({})
});

export function parseRegistration(input: unknown): RegistrationResponseJSON | null {
	const r = registrationShape.safeParse(input);
	return r.success ? (r.data as unknown as RegistrationResponseJSON) : null;
}

export function parseAuthentication(input: unknown): AuthenticationResponseJSON | null {
	const r = authenticationShape.safeParse(input);
	return r.success ? (r.data as unknown as AuthenticationResponseJSON) : null;
}

export const passkeyName = z
	.string()
	.trim()
	.min(1, 'Give the passkey a name.')
	.max(60, 'Keep the name under 60 characters.');

const who = (me: Pick<User, 'id' | 'clinicId'>) => ({
	clinicId: me.clinicId,
	actorUserId: me.id,
	targetType: 'user',
	targetId: me.id
});

export interface PasskeySummary {
	id: string;
	name: string;
	createdAt: Date;
	lastUsedAt: Date | null;
}

/** A person's own passkeys, oldest first, for the account page (no key material). */
export function listPasskeys(db: Db | Tx, userId: string): PasskeySummary[] {
	return db
		.select({
			id: passkey.id,
			name: passkey.name,
			createdAt: passkey.createdAt,
			lastUsedAt: passkey.lastUsedAt
		})
		.from(passkey)
		.where(eq(passkey.userId, userId))
		.orderBy(asc(passkey.createdAt))
		.all();
}

/** What `allowCredentials` / `excludeCredentials` list for an account. */
export function credentialDescriptors(db: Db | Tx, userId: string) {
	return db
		.select({ id: passkey.id, transports: passkey.transports })
		.from(passkey)
		.where(eq(passkey.userId, userId))
		.all();
}

/**
 * Options for adding a passkey, with a challenge bound to this session. The account's own
 * passkeys are excluded so the same authenticator is not added twice.
 */
export async function registrationOptions(
	db: Db,
	me: User,
	sessionId: string,
	now = new Date()
): Promise<{ options: PublicKeyCredentialCreationOptionsJSON; token: string }> {
	const rp = relyingParty();
	const options = await generateRegistrationOptions({
		rpName: getClinic(db, me.clinicId)?.name ?? 'Resurface',
		rpID: rp.id,
		userName: me.email,
		userDisplayName: me.name,
		// stable per account, so a second registration on one authenticator replaces the first
		userID: new TextEncoder().encode(me.id),
		attestationType: 'none',
		excludeCredentials: credentialDescriptors(db, me.id),
		authenticatorSelection: { residentKey: 'preferred', userVerification: 'preferred' }
	});
	const { token } = issueChallenge(
		db,
		{ purpose: 'register', sessionId, userId: me.id, challenge: options.challenge },
		now
	);
	return { options, token };
}

export type AddPasskeyResult = { ok: true; id: string; codes: string[] | null } | PasskeyRefusal;

/**
 * Stores a new passkey from the browser's answer to this session's challenge: only its public
 * key, counter and transports. The first second factor of an account (no app, no passkey yet)
 * also makes its recovery codes, returned to be shown once. The session has just proved a
 * factor, so step-up is fresh afterwards.
 */
export async function addPasskey(
	db: Db,
	me: User,
	sessionId: string,
	input: { token: string | undefined; name: string; response: unknown },
	now = new Date()
): Promise<AddPasskeyResult> {
	const fail = (status: PasskeyRefusal['status'], message: string, detail: string) => {
		audit(db, { ...who(me), action: 'passkey_add', ok: false, detail }, now);
		return { ok: false as const, status, message };
	};
	const taken = takeChallenge(db, input.token, { purpose: 'register', sessionId }, now);
	if (!taken || taken.userId !== me.id) {
		return fail(400, CEREMONY_TIMED_OUT, 'no challenge');
	}
	const response = parseRegistration(input.response);
	if (!response) {
		return fail(400, PASSKEY_NOT_ACCEPTED, 'malformed');
	}
	const rp = relyingParty();
	let info;
	try {
		const verified = await verifyRegistrationResponse({
			response,
			expectedChallenge: taken.challenge,
			expectedOrigin: rp.origin,
			expectedRPID: rp.id,
			requireUserVerification: false
		});
		info = verified.registrationInfo;
	} catch {
		info = undefined;
	}
	if (!info) {
		return fail(400, PASSKEY_NOT_ACCEPTED, 'not verified');
	}
	const credential = info.credential;
	const out = writeTx(db, (tx) => {
		if (tx.select({ id: passkey.id }).from(passkey).where(eq(passkey.id, credential.id)).get()) {
			return null;
		}
		const first = !hasSecondFactor(tx, me.id);
		tx.insert(passkey)
			.values({
				id: credential.id,
				userId: me.id,
				name: input.name,
				publicKey: isoBase64URL.fromBuffer(credential.publicKey),
				counter: credential.counter,
				transports: credential.transports ?? response.response.transports ?? [],
				createdAt: now,
				lastUsedAt: null
			})
			.run();
		const codes = first ? replaceRecoveryCodes(tx, me.id, now) : null;
		recordFactorProof(tx, sessionId, now);
		audit(tx, { ...who(me), action: 'passkey_add', ok: true, detail: input.name }, now);
		return { codes };
	});
	if (!out) {
		return fail(409, 'That passkey is already registered.', 'already registered');
	}
	return { ok: true, id: credential.id, codes: out.codes };
}

function ownPasskey(tx: Db | Tx, userId: string, id: string): Passkey | undefined {
	return tx
		.select()
		.from(passkey)
		.where(and(eq(passkey.id, id), eq(passkey.userId, userId)))
		.get();
}

const NOT_YOURS = 'That passkey is not on your account.';

export function renamePasskey(
	db: Db,
	me: User,
	input: { id: string; name: string },
	now = new Date()
): { ok: true } | PasskeyRefusal {
	return writeTx(db, (tx) => {
		const found = ownPasskey(tx, me.id, input.id);
		if (!found) {
			audit(tx, { ...who(me), action: 'passkey_rename', ok: false, detail: 'not found' }, now);
			return { ok: false as const, status: 404 as const, message: NOT_YOURS };
		}
		tx.update(passkey).set({ name: input.name }).where(eq(passkey.id, found.id)).run();
		audit(
			tx,
			{ ...who(me), action: 'passkey_rename', ok: true, detail: `${found.name} → ${input.name}` },
			now
		);
		return { ok: true as const };
	});
}

/**
 * Removes one of a person's passkeys. When it was their last second factor, the recovery codes
 * go too (as when the app is turned off): codes alone are not a factor, and a later first
 * factor makes new ones.
 */
export function removePasskey(
	db: Db,
	me: User,
	id: string,
	now = new Date()
): { ok: true; name: string; last: boolean } | PasskeyRefusal {
	return writeTx(db, (tx) => {
		const found = ownPasskey(tx, me.id, id);
		if (!found) {
			audit(tx, { ...who(me), action: 'passkey_remove', ok: false, detail: 'not found' }, now);
			return { ok: false as const, status: 404 as const, message: NOT_YOURS };
		}
		tx.delete(passkey).where(eq(passkey.id, found.id)).run();
		const last = !hasSecondFactor(tx, me.id);
		if (last) {
			tx.delete(recoveryCode).where(eq(recoveryCode.userId, me.id)).run();
		}
		audit(tx, { ...who(me), action: 'passkey_remove', ok: true, detail: found.name }, now);
		return { ok: true as const, name: found.name, last };
	});
}

export type CheckedAssertion = { passkey: Passkey; newCounter: number; userVerified: boolean };

/**
 * Checks a signed answer to `challenge` against the stored passkey it names: signature, origin,
 * RP ID, and a counter that must go up (the library refuses one that does not, when the
 * authenticator keeps one). Null for anything else, including an unknown passkey. Nothing is
 * written: `spendAssertion` records the counter in the caller's transaction.
 */
export async function checkAssertion(
	db: Db | Tx,
	response: AuthenticationResponseJSON,
	challenge: string,
	requireUserVerification: boolean
): Promise<CheckedAssertion | null> {
	const found = db.select().from(passkey).where(eq(passkey.id, response.id)).get();
	if (!found) {
		return null;
	}
	const rp = relyingParty();
	try {
		const verified = await verifyAuthenticationResponse({
			response,
			expectedChallenge: challenge,
			expectedOrigin: rp.origin,
			expectedRPID: rp.id,
			requireUserVerification,
			credential: {
				id: found.id,
				publicKey: isoBase64URL.toBuffer(found.publicKey),
				counter: found.counter,
				transports: found.transports
			}
		});
		if (!verified.verified) {
			return null;
		}
		const { newCounter, userVerified } = verified.authenticationInfo;
		return { passkey: found, newCounter, userVerified };
	} catch {
		return null;
	}
}

/**
 * Records a checked assertion's counter, only if no other answer moved it in between (two
 * answers checked against the same stored counter cannot both be spent).
 */
export function spendAssertion(tx: Tx, checked: CheckedAssertion, now: Date): boolean {
	return (
		tx
			.update(passkey)
			.set({ counter: checked.newCounter, lastUsedAt: now })
			.where(and(eq(passkey.id, checked.passkey.id), eq(passkey.counter, checked.passkey.counter)))
			.run().changes === 1
	);
}
