import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { seedUser, tempDb } from '$test/support/test-db';
import {
	assertionResponse,
	registrationResponse,
	softKey,
	type SoftKey
} from '$test/support/soft-authenticator';
import { writeTx, type Db } from '../db/client';
import {
	auditEvent,
	passkey,
	pendingSignIn,
	recoveryCode,
	session,
	user,
	webauthnChallenge,
	type User
} from '../db/schema';
import { createSession } from './session';
import {
	addPasskey,
	listPasskeys,
	registrationOptions,
	removePasskey,
	renamePasskey,
	rpIdFrom
} from './passkeys';
import {
	completeTwoStepWithPasskey,
	secondStepOptions,
	signInOptions,
	signInWithPasskey,
	PASSKEY_SIGN_IN_REFUSED
} from './passkeys-sign-in';
import { stepUpOptions, stepUpWithPasskey } from './passkeys-step-up';
import { startPendingSignIn, PENDING_MAX_FAILURES, TOO_MANY_CODES } from './two-step';
import { CHALLENGE_TTL_MS, issueChallenge, takeChallenge } from './webauthn-challenge';
import { stepUpFresh } from './step-up';

const ORIGIN = 'http://localhost:5173';
const RP = { origin: ORIGIN, rpId: 'localhost' };
const IP = '192.0.2.10';

let saved: string | undefined;
beforeAll(() => {
	saved = process.env.ORIGIN;
	process.env.ORIGIN = ORIGIN;
});
afterAll(() => {
	if (saved === undefined) {
		delete process.env.ORIGIN;
	} else {
		process.env.ORIGIN = saved;
	}
});

let t: ReturnType<typeof tempDb>;
let db: Db;
let me: User;
let sessionId: string;

beforeEach(() => {
	t = tempDb();
	db = t.db;
	me = seedUser(db, 'clinician').user;
	sessionId = createSession(db, me.id).session.id;
});
afterEach(() => t.cleanup());

const sessionRow = (id: string) => db.select().from(session).where(eq(session.id, id)).get()!;
const audits = (action: string) =>
	db
		.select()
		.from(auditEvent)
		.where(eq(auditEvent.action, action))
		.all()
		.map((e) => `${e.ok}:${e.detail}`);

/** Registers a software passkey for `who` through the real options and checks. */
async function register(who: User, sid: string, name: string, key = softKey()) {
	const { options, token } = await registrationOptions(db, who, sid);
	const out = await addPasskey(db, who, sid, {
		token,
		name,
		response: registrationResponse(key, { ...RP, challenge: options.challenge })
	});
	return { out, key, options };
}

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

describe('passkey as the second step', () => {
	let key: SoftKey;
	beforeEach(async () => {
		key = (await register(me, sessionId, 'Laptop')).key;
	});

	it('completes the sign-in like a code does, once', async () => {
		const { token } = startPendingSignIn(db, me.id);
		const opts = await secondStepOptions(db, token);
		expect(opts.ok && opts.options.allowCredentials?.map((c) => c.id)).toEqual([key.id]);
		const challenge = opts.ok ? opts.options.challenge : '';
		const response = assertionResponse(key, { ...RP, challenge });
		const out = await completeTwoStepWithPasskey(db, token, { response });
		expect(out).toMatchObject({ ok: true, factor: 'passkey' });
		const s = db.select().from(session).where(eq(session.userId, me.id)).all().at(-1)!;
		expect(s.factorAt).not.toBeNull();
		expect(db.select().from(pendingSignIn).all()).toHaveLength(0);
		expect(db.select().from(passkey).get()!.counter).toBe(key.counter);
		expect(audits('sign_in')).toContain('true:passkey');
		// the same answer again, on a new pending sign-in: no challenge of its own
		const again = startPendingSignIn(db, me.id).token;
		expect(await completeTwoStepWithPasskey(db, again, { response })).toMatchObject({
			ok: false,
			status: 400
		});
	});

	it('counts a passkey of another account as a wrong answer', async () => {
		const them = seedUser(db, 'owner').user;
		const theirSession = createSession(db, them.id).session.id;
		const theirs = (await register(them, theirSession, 'Theirs')).key;
		const { token } = startPendingSignIn(db, me.id);
		for (let i = 0; i < PENDING_MAX_FAILURES; i++) {
			const opts = await secondStepOptions(db, token);
			const challenge = opts.ok ? opts.options.challenge : '';
			const out = await completeTwoStepWithPasskey(db, token, {
				response: assertionResponse(theirs, { ...RP, challenge })
			});
			expect(out.ok).toBe(false);
			if (i === PENDING_MAX_FAILURES - 1) {
				expect(out).toMatchObject({ message: TOO_MANY_CODES, restart: 'codes' });
			}
		}
		expect(db.select().from(session).where(eq(session.userId, me.id)).all()).toHaveLength(1);
	});

	it('refuses a counter that did not go up (a cloned key)', async () => {
		const { token } = startPendingSignIn(db, me.id);
		const first = await secondStepOptions(db, token);
		await completeTwoStepWithPasskey(db, token, {
			response: assertionResponse(key, {
				...RP,
				challenge: first.ok ? first.options.challenge : '',
				counter: 5
			})
		});
		const next = startPendingSignIn(db, me.id).token;
		const opts = await secondStepOptions(db, next);
		const out = await completeTwoStepWithPasskey(db, next, {
			response: assertionResponse(key, {
				...RP,
				challenge: opts.ok ? opts.options.challenge : '',
				counter: 5
			})
		});
		expect(out).toMatchObject({ ok: false, status: 400 });
	});
});

describe('one-tap sign-in', () => {
	let key: SoftKey;
	beforeEach(async () => {
		key = (await register(me, sessionId, 'Laptop')).key;
	});

	async function tap(k: SoftKey, o: { uv?: boolean; ip?: string } = {}) {
		const { options, token } = await signInOptions(db);
		expect(options.userVerification).toBe('required');
		expect(options.allowCredentials ?? []).toEqual([]);
		return signInWithPasskey(db, {
			token,
			ip: o.ip ?? IP,
			response: assertionResponse(k, { ...RP, challenge: options.challenge, uv: o.uv })
		});
	}

	it('signs in with a verified passkey alone: factor now, no password', async () => {
		const out = await tap(key);
		expect(out).toMatchObject({ ok: true });
		const s = db.select().from(session).where(eq(session.userId, me.id)).all().at(-1)!;
		expect(s.factorAt).not.toBeNull();
		expect(s.passwordAt).toBeNull();
		expect(audits('sign_in')).toContain('true:passkey');
	});

	it('requires user verification', async () => {
		expect(await tap(key, { uv: false })).toMatchObject({
			ok: false,
			message: PASSKEY_SIGN_IN_REFUSED
		});
	});

	it('refuses a disabled account, an unknown passkey and a removed one alike', async () => {
		const unknown = await tap(softKey());
		expect(unknown).toMatchObject({ ok: false, status: 400, message: PASSKEY_SIGN_IN_REFUSED });
		writeTx(db, (tx) =>
			tx.update(user).set({ disabledAt: new Date() }).where(eq(user.id, me.id)).run()
		);
		expect(await tap(key)).toMatchObject({ ok: false, message: PASSKEY_SIGN_IN_REFUSED });
		writeTx(db, (tx) => tx.update(user).set({ disabledAt: null }).where(eq(user.id, me.id)).run());
		removePasskey(db, me, key.id);
		expect(await tap(key)).toMatchObject({ ok: false, message: PASSKEY_SIGN_IN_REFUSED });
		expect(audits('sign_in').filter((a) => a.startsWith('false:passkey'))).toEqual([
			'false:passkey: not accepted',
			'false:passkey: account disabled',
			'false:passkey: not accepted'
		]);
	});

	it('is throttled per address like passwords', async () => {
		const stranger = softKey();
		let last;
		for (let i = 0; i < 21; i++) {
			last = await tap(stranger);
		}
		expect(last).toMatchObject({ ok: false, status: 429 });
		// another address is not held up
		expect(await tap(key, { ip: '198.51.100.7' })).toMatchObject({ ok: true });
	});

	it('spends the challenge with the first answer', async () => {
		const { options, token } = await signInOptions(db);
		const response = assertionResponse(key, { ...RP, challenge: options.challenge });
		expect(await signInWithPasskey(db, { token, ip: IP, response })).toMatchObject({ ok: true });
		expect(await signInWithPasskey(db, { token, ip: IP, response })).toMatchObject({
			ok: false,
			status: 400
		});
	});
});

describe('step-up with a passkey', () => {
	it('records a factor proof on the session that asked, only for its own passkey', async () => {
		const { key } = await register(me, sessionId, 'Laptop');
		const later = createSession(db, me.id).session;
		expect(later.factorAt).toBeNull();
		const opts = await stepUpOptions(db, me, later);
		const challenge = opts.ok ? opts.options.challenge : '';
		const token = opts.ok ? opts.token : '';
		// another session cannot answer this session's challenge
		const other = createSession(db, me.id).session;
		expect(
			await stepUpWithPasskey(db, me, other, {
				token,
				response: assertionResponse(key, { ...RP, challenge })
			})
		).toMatchObject({ ok: false });
		const again = await stepUpOptions(db, me, later);
		const out = await stepUpWithPasskey(db, me, later, {
			token: again.ok ? again.token : '',
			response: assertionResponse(key, {
				...RP,
				challenge: again.ok ? again.options.challenge : ''
			})
		});
		expect(out).toMatchObject({ ok: true });
		expect(sessionRow(later.id).factorAt).not.toBeNull();
		expect(sessionRow(other.id).factorAt).toBeNull();
		expect(audits('step_up')).toEqual(['false:passkey: no challenge', 'true:passkey']);
	});

	it('says so when the account has no passkey', async () => {
		const s = sessionRow(sessionId);
		expect(await stepUpOptions(db, me, s)).toMatchObject({ ok: false, status: 409 });
	});
});
