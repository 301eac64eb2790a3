import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { seedUser, tempDb } from '$test/support/test-db';
import { writeTx, type Db } from '../db/client';
import {
	accountToken,
	auditEvent,
	passkey,
	pendingSignIn,
	session,
	totpCredential,
	trustedDevice,
	user,
	type User
} from '../db/schema';
import { hashPassword } from './password';
import { signIn } from './sign-in';
import { hasSecondFactor } from './two-factor';
import {
	completeTwoStep,
	findPendingSignIn,
	PENDING_MAX_FAILURES,
	PENDING_TTL_MS,
	SIGN_IN_TIMED_OUT,
	TOO_MANY_CODES
} from './two-step';
import { newTotpKey, totpCode } from './totp';
import { recoveryCodesLeft, replaceRecoveryCodes } from './recovery-codes';
import { resetPassword } from './password-reset';
import { hashSecret, newToken } from './tokens';

const IP = '192.0.2.10';
const PASSWORD = 'correct horse battery';
const T0 = new Date('2026-11-24T14:05:00Z');
const later = (ms: number) => new Date(T0.getTime() + ms);

let t: ReturnType<typeof tempDb>;
let db: Db;
let me: User;
let key: string;
let codes: string[];

beforeEach(async () => {
	t = tempDb();
	db = t.db;
	const seeded = seedUser(db, 'clinician');
	const passwordHash = await hashPassword(PASSWORD);
	me = db.update(user).set({ passwordHash }).where(eq(user.id, seeded.user.id)).returning().get();
	key = newTotpKey();
	codes = enrol(me.id, key);
});
afterEach(() => t.cleanup());

/** Enrols directly, as the account page will: a confirmed authenticator and 10 codes. */
function enrol(userId: string, totpKey: string): string[] {
	return writeTx(db, (tx) => {
		tx.insert(totpCredential)
			.values({ userId, key: totpKey, createdAt: T0, confirmedAt: T0, lastStep: null })
			.run();
		return replaceRecoveryCodes(tx, userId, T0);
	});
}

async function passwordStep(now = T0, email = me.email) {
	const result = await signIn(db, { email, password: PASSWORD, ip: IP }, now);
	if (!result.ok || !('pending' in result)) {
		throw new Error(`expected a pending sign-in, got ${JSON.stringify(result)}`);
	}
	return result.pending;
}

const sessions = () => db.select().from(session).where(eq(session.userId, me.id)).all();
const pendings = () => db.select().from(pendingSignIn).all();
const signInAudits = () =>
	db
		.select()
		.from(auditEvent)
		.where(eq(auditEvent.action, 'sign_in'))
		.all()
		.map((a) => ({ ok: a.ok, detail: a.detail }));

describe('hasSecondFactor', () => {
	it('counts a confirmed authenticator or any passkey, not an enrolment still unconfirmed', () => {
		const other = seedUser(db, 'owner').user;
		expect(hasSecondFactor(db, other.id)).toBe(false);
		db.insert(totpCredential)
			.values({ userId: other.id, key: newTotpKey(), createdAt: T0, confirmedAt: null })
			.run();
		expect(hasSecondFactor(db, other.id)).toBe(false);
		db.insert(passkey)
			.values({ id: 'cred-1', userId: other.id, name: 'Laptop', publicKey: 'pk', createdAt: T0 })
			.run();
		expect(hasSecondFactor(db, other.id)).toBe(true);
		expect(hasSecondFactor(db, me.id)).toBe(true);
	});
});

describe('signIn with a second factor', () => {
	it('makes a 5-minute pending record, storing only a hash, and no session or device', async () => {
		const pending = await passwordStep();
		expect(pending.expiresAt).toEqual(later(PENDING_TTL_MS));
		const [row] = pendings();
		expect(row.userId).toBe(me.id);
		expect(pending.token.startsWith(`${row.id}.`)).toBe(true);
		expect(row.secretHash).toBe(hashSecret(pending.token.split('.')[1]));
		expect(sessions()).toEqual([]);
		expect(db.select().from(trustedDevice).all()).toEqual([]);
		const audit = db.select().from(auditEvent).all();
		expect(audit.map((a) => [a.action, a.ok, a.detail])).toEqual([
			['sign_in_password', true, 'second factor asked']
		]);
	});

	it('replaces an earlier pending record of the same account', async () => {
		const first = await passwordStep();
		const second = await passwordStep(later(1000));
		expect(pendings()).toHaveLength(1);
		expect(findPendingSignIn(db, first.token, later(2000))).toBeNull();
		expect(findPendingSignIn(db, second.token, later(2000))?.user.id).toBe(me.id);
	});

	it('leaves an account without a second factor signing in as before', async () => {
		const plain = seedUser(db, 'frontdesk').user;
		db.update(user).set({ passwordHash: me.passwordHash }).where(eq(user.id, plain.id)).run();
		const result = await signIn(db, { email: plain.email, password: PASSWORD, ip: IP }, T0);
		expect(result.ok && 'token' in result).toBe(true);
		expect(pendings()).toEqual([]);
		expect(db.select().from(session).where(eq(session.userId, plain.id)).all()).toHaveLength(1);
	});

	it('still refuses a wrong password before any second step', async () => {
		const result = await signIn(db, { email: me.email, password: 'wrong one', ip: IP }, T0);
		expect(result.ok).toBe(false);
		expect(pendings()).toEqual([]);
	});
});

describe('completeTwoStep', () => {
	it('accepts the authenticator code, opens a session with factorAt, and trusts the browser', async () => {
		const pending = await passwordStep();
		const now = later(20_000);
		const result = completeTwoStep(db, pending.token, { code: totpCode(key, now) }, now);
		expect(result.ok).toBe(true);
		expect(result.ok && result.factor).toBe('authenticator');
		expect(pendings()).toEqual([]);
		const [s] = sessions();
		expect(s.factorAt).toEqual(now);
		expect(db.select().from(trustedDevice).all()).toHaveLength(1);
		expect(signInAudits()).toEqual([{ ok: true, detail: 'authenticator' }]);
	});

	it('accepts a code typed with a space, and one step late', async () => {
		const pending = await passwordStep();
		const code = totpCode(key, T0, -1);
		const result = completeTwoStep(
			db,
			pending.token,
			{ code: `${code.slice(0, 3)} ${code.slice(3)}` },
			T0
		);
		expect(result.ok).toBe(true);
	});

	it('refuses a code used before (no replay), even in a new sign-in', async () => {
		const code = totpCode(key, T0);
		expect(completeTwoStep(db, (await passwordStep()).token, { code }, T0).ok).toBe(true);
		const again = completeTwoStep(
			db,
			(await passwordStep(later(5000))).token,
			{ code },
			later(5000)
		);
		expect(again).toMatchObject({ ok: false, status: 400 });
		expect(sessions()).toHaveLength(1);
		const cred = db.select().from(totpCredential).where(eq(totpCredential.userId, me.id)).get()!;
		expect(cred.lastStep).toBe(Math.floor(T0.getTime() / 30_000));
	});

	it('spends a recovery code once', async () => {
		const first = completeTwoStep(db, (await passwordStep()).token, { code: codes[0] }, T0);
		expect(first.ok && first.factor).toBe('recovery code');
		expect(writeTx(db, (tx) => recoveryCodesLeft(tx, me.id))).toBe(9);
		const pending = await passwordStep(later(1000));
		const again = completeTwoStep(db, pending.token, { code: codes[0] }, later(1000));
		expect(again).toMatchObject({ ok: false, status: 400 });
		// upper case and spaces are how people copy them off paper
		const other = completeTwoStep(
			db,
			pending.token,
			{ code: ` ${codes[1].toUpperCase()} ` },
			later(2000)
		);
		expect(other.ok).toBe(true);
		expect(signInAudits()).toEqual([
			{ ok: true, detail: 'recovery code' },
			{ ok: false, detail: 'second factor' },
			{ ok: true, detail: 'recovery code' }
		]);
	});

	it('times out after 5 minutes', async () => {
		const pending = await passwordStep();
		const at = later(PENDING_TTL_MS);
		const result = completeTwoStep(db, pending.token, { code: totpCode(key, at) }, at);
		expect(result).toMatchObject({ ok: false, message: SIGN_IN_TIMED_OUT, restart: 'timeout' });
		expect(sessions()).toEqual([]);
		const justBefore = later(PENDING_TTL_MS - 1);
		const fresh = await passwordStep(justBefore);
		expect(
			completeTwoStep(db, fresh.token, { code: totpCode(key, justBefore) }, justBefore).ok
		).toBe(true);
	});

	it('treats unknown, malformed and missing tokens as timed out', () => {
		const { token } = newToken();
		for (const bad of [token, 'junk', undefined]) {
			expect(completeTwoStep(db, bad, { code: '123456' }, T0)).toMatchObject({
				ok: false,
				restart: 'timeout'
			});
		}
	});

	it('ends the pending record after 5 wrong codes: the password is asked for again', async () => {
		const pending = await passwordStep();
		for (let i = 1; i < PENDING_MAX_FAILURES; i++) {
			const r = completeTwoStep(db, pending.token, { code: '000000' }, later(i * 1000));
			expect(r).toMatchObject({ ok: false, status: 400 });
			expect(pendings()[0].failures).toBe(i);
		}
		const last = completeTwoStep(db, pending.token, { code: '000000' }, later(10_000));
		expect(last).toMatchObject({ ok: false, message: TOO_MANY_CODES, restart: 'codes' });
		expect(pendings()).toEqual([]);
		const right = completeTwoStep(
			db,
			pending.token,
			{ code: totpCode(key, later(11_000)) },
			later(11_000)
		);
		expect(right).toMatchObject({ ok: false, restart: 'timeout' });
		expect(signInAudits().filter((a) => a.detail === 'second factor')).toHaveLength(5);
	});

	it('keeps counting wrong codes per account when the password is typed again (429)', async () => {
		const first = await passwordStep();
		for (let i = 0; i < PENDING_MAX_FAILURES; i++) {
			completeTwoStep(db, first.token, { code: '000000' }, later(i));
		}
		const now = later(1000);
		const second = await passwordStep(now);
		const refused = completeTwoStep(db, second.token, { code: totpCode(key, now) }, now);
		expect(refused).toMatchObject({ ok: false, status: 429 });
		expect(refused.ok === false && refused.status === 429 && refused.retryAfter).toBeGreaterThan(0);
		expect(sessions()).toEqual([]);
		// a refused attempt is not counted: the pending record is still there
		expect(pendings()[0].failures).toBe(0);
		expect(signInAudits().at(-1)).toEqual({ ok: false, detail: 'second factor: throttled' });
		// after the wait (3 minutes a code), the right code gets in
		const after = later(4 * 60_000);
		const third = await passwordStep(after);
		expect(completeTwoStep(db, third.token, { code: totpCode(key, after) }, after).ok).toBe(true);
	});

	it('refuses a disabled account even with the right code', async () => {
		const pending = await passwordStep();
		db.update(user).set({ disabledAt: T0 }).where(eq(user.id, me.id)).run();
		const r = completeTwoStep(db, pending.token, { code: totpCode(key, T0) }, T0);
		expect(r).toMatchObject({ ok: false, restart: 'timeout' });
		expect(sessions()).toEqual([]);
	});
});

describe('a password reset by email', () => {
	function resetLink(): string {
		const { id, secret, token } = newToken();
		db.insert(accountToken)
			.values({
				id,
				userId: me.id,
				purpose: 'password_reset',
				secretHash: hashSecret(secret),
				createdAt: T0,
				expiresAt: later(30 * 60_000)
			})
			.run();
		return token;
	}

	it('never bypasses the second factor: no session, the factor kept, the next sign-in asks for it', async () => {
		const pending = await passwordStep();
		const result = await resetPassword(db, resetLink(), 'a brand new passphrase', later(1000));
		expect(result.ok).toBe(true);
		expect(sessions()).toEqual([]);
		// the half-finished sign-in begun with the old password is over
		expect(pendings()).toEqual([]);
		expect(findPendingSignIn(db, pending.token, later(2000))).toBeNull();
		expect(
			db
				.select()
				.from(totpCredential)
				.where(and(eq(totpCredential.userId, me.id)))
				.get()?.confirmedAt
		).toEqual(T0);
		expect(writeTx(db, (tx) => recoveryCodesLeft(tx, me.id))).toBe(10);

		const now = later(60_000);
		const after = await signIn(
			db,
			{ email: me.email, password: 'a brand new passphrase', ip: IP },
			now
		);
		expect(after.ok && 'pending' in after).toBe(true);
		expect(sessions()).toEqual([]);
	});
});
