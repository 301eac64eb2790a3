import { describe, expect, it, beforeEach } from 'vitest';
import { eq } from 'drizzle-orm';
import { assertionResponse, softKey, type SoftKey } from '$test/support/soft-authenticator';
import {
	IP,
	RP,
	audits,
	db,
	me,
	register,
	sessionId,
	sessionRow
} from '$test/support/passkey-world';
import { seedUser } from '$test/support/test-db';
import { writeTx } from '../db/client';
import { passkey, pendingSignIn, session, user } from '../db/schema';
import { createSession } from './session';
import { removePasskey } from './passkeys';
import {
	completeTwoStepWithPasskey,
	secondStepOptions,
	signInOptions,
	signInWithPasskey,
	PASSKEY_SIGN_IN_REFUSED
} from './passkeys-sign-in';
import { stepUpOptions, stepUpWithPasskey } from './passkeys-step-up';
import { startPendingSignIn, PENDING_MAX_FAILURES, TOO_MANY_CODES } from './two-step';

// Using a passkey: the second step of a sign-in, one-tap sign-in, and step-up.
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
