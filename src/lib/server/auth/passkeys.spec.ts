import { describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { registrationResponse, softKey } from '$test/support/soft-authenticator';
import { RP, audits, db, me, register, sessionId, sessionRow } from '$test/support/passkey-world';
import { seedUser } from '$test/support/test-db';
import { passkey, recoveryCode, webauthnChallenge } from '../db/schema';
import { createSession } from './session';
import {
	addPasskey,
	listPasskeys,
	registrationOptions,
	removePasskey,
	renamePasskey,
	rpIdFrom
} from './passkeys';
import { CHALLENGE_TTL_MS, issueChallenge, takeChallenge } from './webauthn-challenge';
import { stepUpFresh } from './step-up';

// Registering and managing passkeys; using them (second step, one tap, step-up) is in
// passkeys-sign-in.spec.ts.
describe('relying party', () => {
	it('takes the RP ID from the hostname of ORIGIN', () => {
		expect(rpIdFrom('https://clinic.example.com')).toBe('clinic.example.com');
		expect(rpIdFrom('http://localhost:3410/')).toBe('localhost');
		expect(rpIdFrom('https://clinic.example.com:8443')).toBe('clinic.example.com');
	});

	it('offers registration for that RP, with the account and its own passkeys excluded', async () => {
		await register(me, sessionId, 'Laptop');
		const { options } = await registrationOptions(db, me, sessionId);
		expect(options.rp.id).toBe('localhost');
		expect(options.rp.name).toBe('Test clinic');
		expect(options.user.name).toBe(me.email);
		expect(options.excludeCredentials).toHaveLength(1);
		expect(options.authenticatorSelection).toMatchObject({
			residentKey: 'preferred',
			userVerification: 'preferred'
		});
	});
});

describe('challenges', () => {
	const T0 = new Date('2026-12-01T10:00:00Z');
	const issue = (sid: string | null, purpose: 'register' | 'sign_in' | 'step_up' = 'register') =>
		issueChallenge(
			db,
			{ purpose, sessionId: sid, userId: sid ? me.id : null, challenge: 'abc' },
			T0
		).token;

	it('is single use: the first answer deletes it, right or wrong', () => {
		const token = issue(sessionId);
		expect(takeChallenge(db, token, { purpose: 'register', sessionId }, T0)?.challenge).toBe('abc');
		expect(takeChallenge(db, token, { purpose: 'register', sessionId }, T0)).toBeNull();
		// a wrong binding still spends it
		const other = issue(sessionId);
		expect(takeChallenge(db, other, { purpose: 'step_up', sessionId }, T0)).toBeNull();
		expect(takeChallenge(db, other, { purpose: 'register', sessionId }, T0)).toBeNull();
		expect(db.select().from(webauthnChallenge).all()).toHaveLength(0);
	});

	it('expires after 5 minutes', () => {
		const token = issue(sessionId);
		const late = new Date(T0.getTime() + CHALLENGE_TTL_MS);
		expect(takeChallenge(db, token, { purpose: 'register', sessionId }, late)).toBeNull();
		const fresh = issue(sessionId);
		const justIn = new Date(T0.getTime() + CHALLENGE_TTL_MS - 1);
		expect(takeChallenge(db, fresh, { purpose: 'register', sessionId }, justIn)).not.toBeNull();
	});

	it('is bound to the session that asked, and to its purpose', () => {
		const otherSession = createSession(db, me.id).session.id;
		const token = issue(sessionId);
		expect(
			takeChallenge(db, token, { purpose: 'register', sessionId: otherSession }, T0)
		).toBeNull();
		const signIn = issue(null, 'sign_in');
		expect(takeChallenge(db, signIn, { purpose: 'sign_in', sessionId }, T0)).toBeNull();
	});

	it('refuses a wrong secret and junk without spending the real one', () => {
		const token = issue(sessionId);
		const [id] = token.split('.');
		const forged = `${id}.${'a'.repeat(32)}`;
		expect(takeChallenge(db, forged, { purpose: 'register', sessionId }, T0)).toBeNull();
		expect(takeChallenge(db, 'junk', { purpose: 'register', sessionId }, T0)).toBeNull();
		expect(takeChallenge(db, undefined, { purpose: 'register', sessionId }, T0)).toBeNull();
		expect(takeChallenge(db, token, { purpose: 'register', sessionId }, T0)).not.toBeNull();
	});
});

describe('registering, renaming, removing', () => {
	it('stores only the public key, counter and transports; the first makes recovery codes', async () => {
		const first = await register(me, sessionId, 'Laptop');
		expect(first.out).toMatchObject({ ok: true });
		expect(first.out.ok && first.out.codes).toHaveLength(10);
		const row = db.select().from(passkey).where(eq(passkey.userId, me.id)).get()!;
		expect(row).toMatchObject({ name: 'Laptop', counter: 0, transports: ['internal'] });
		expect(row.publicKey).toMatch(/^[A-Za-z0-9_-]+$/);
		// the session has proved a factor: step-up is fresh on the factor, not the password
		expect(sessionRow(sessionId).factorAt).not.toBeNull();
		expect(stepUpFresh(db, sessionRow(sessionId))).toBe(true);

		const second = await register(me, sessionId, 'Phone');
		expect(second.out.ok && second.out.codes).toBeNull();
		expect(listPasskeys(db, me.id).map((p) => p.name)).toEqual(['Laptop', 'Phone']);
		expect(audits('passkey_add')).toEqual(['true:Laptop', 'true:Phone']);
	});

	it('refuses a replayed answer, a missing challenge and a malformed response', async () => {
		const key = softKey();
		const { options, token } = await registrationOptions(db, me, sessionId);
		const response = registrationResponse(key, { ...RP, challenge: options.challenge });
		expect(
			await addPasskey(db, me, sessionId, { token, name: 'A', response: { id: 'x' } })
		).toMatchObject({ ok: false, status: 400 });
		// the challenge went with the malformed answer
		expect(await addPasskey(db, me, sessionId, { token, name: 'A', response })).toMatchObject({
			ok: false,
			status: 400
		});
		expect(
			await addPasskey(db, me, sessionId, { token: undefined, name: 'A', response })
		).toMatchObject({ ok: false, status: 400 });
		expect(listPasskeys(db, me.id)).toHaveLength(0);
	});

	it('refuses an answer made for another origin, or from another session', async () => {
		const { options, token } = await registrationOptions(db, me, sessionId);
		const response = registrationResponse(softKey(), {
			origin: 'https://evil.example',
			rpId: 'localhost',
			challenge: options.challenge
		});
		expect(await addPasskey(db, me, sessionId, { token, name: 'A', response })).toMatchObject({
			ok: false
		});
		const other = createSession(db, me.id).session.id;
		const again = await registrationOptions(db, me, sessionId);
		const good = registrationResponse(softKey(), { ...RP, challenge: again.options.challenge });
		expect(
			await addPasskey(db, me, other, { token: again.token, name: 'A', response: good })
		).toMatchObject({ ok: false, status: 400 });
		expect(listPasskeys(db, me.id)).toHaveLength(0);
	});

	it('refuses a credential that already belongs to someone', async () => {
		const key = softKey();
		await register(me, sessionId, 'Mine', key);
		const them = seedUser(db, 'owner').user;
		const theirSession = createSession(db, them.id).session.id;
		key.counter = 0;
		const { out } = await register(them, theirSession, 'Stolen', key);
		expect(out).toMatchObject({ ok: false, status: 409 });
		expect(listPasskeys(db, them.id)).toHaveLength(0);
		expect(db.select().from(passkey).where(eq(passkey.id, key.id)).get()!.userId).toBe(me.id);
	});

	it('renames and removes only your own; the last one takes the recovery codes along', async () => {
		const { out } = await register(me, sessionId, 'Laptop');
		const id = out.ok ? out.id : '';
		const them = seedUser(db, 'owner').user;
		expect(renamePasskey(db, them, { id, name: 'Mine now' })).toMatchObject({ status: 404 });
		expect(removePasskey(db, them, id)).toMatchObject({ status: 404 });
		expect(renamePasskey(db, me, { id, name: 'Work laptop' })).toEqual({ ok: true });
		expect(listPasskeys(db, me.id)[0].name).toBe('Work laptop');
		expect(removePasskey(db, me, id)).toMatchObject({ ok: true, last: true });
		expect(listPasskeys(db, me.id)).toHaveLength(0);
		expect(db.select().from(recoveryCode).where(eq(recoveryCode.userId, me.id)).all()).toEqual([]);
		expect(audits('passkey_rename')).toEqual(['false:not found', 'true:Laptop → Work laptop']);
		expect(audits('passkey_remove')).toEqual(['false:not found', 'true:Work laptop']);
	});
});
