import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { seedUser, tempDb } from '$test/support/test-db';
import type { Db } from '../db/client';
import { auditEvent, passkey, recoveryCode, totpCredential, type User } from '../db/schema';
import { totpCode } from './totp';
import { hashSecret } from './tokens';
import {
	confirmTotpEnrolment,
	disableTotp,
	regenerateRecoveryCodesAfterStepUp,
	hasSecondFactor,
	regenerateRecoveryCodes,
	secondFactors,
	startTotpEnrolment,
	twoFactorStatus
} from './two-factor';

const T0 = new Date('2026-12-02T10:00:00Z');
const later = (s: number) => new Date(T0.getTime() + s * 1000);

describe('two-factor enrolment', () => {
	let t: ReturnType<typeof tempDb>;
	let db: Db;
	let me: User;

	beforeEach(() => {
		t = tempDb();
		db = t.db;
		me = seedUser(db, 'patient').user;
	});
	afterEach(() => t.cleanup());

	const actions = () =>
		db
			.select()
			.from(auditEvent)
			.all()
			.map((a) => `${a.action}:${a.ok}:${a.detail ?? ''}`);

	async function enrol(now = T0) {
		const start = await startTotpEnrolment(db, me, now);
		if (!start.ok) {
			throw new Error(start.message);
		}
		const done = confirmTotpEnrolment(db, me, totpCode(start.key, now), now);
		if (!done.ok) {
			throw new Error(done.message);
		}
		return { key: start.key, codes: done.codes };
	}

	it('starts with no factor; an unconfirmed key is not a factor and survives a reload', async () => {
		expect(secondFactors(db, me.id)).toEqual({ totp: false, passkeys: 0, recoveryCodesLeft: 0 });
		const start = await startTotpEnrolment(db, me, T0);
		expect(start).toMatchObject({ ok: true });
		if (!start.ok) {
			return;
		}
		expect(start.key).toMatch(/^[A-Z2-7]{32}$/);
		expect(start.uri).toContain('otpauth://totp/');
		expect(start.uri).toContain('Test%20clinic');
		expect(start.qr).toContain('<svg');
		expect(hasSecondFactor(db, me.id)).toBe(false);
		const status = await twoFactorStatus(db, me);
		expect(status.pending?.key).toBe(start.key);
		expect(status.totpSince).toBeNull();
		// starting again replaces the key
		const again = await startTotpEnrolment(db, me, T0);
		expect(again.ok && again.key).not.toBe(start.key);
		expect(db.select().from(totpCredential).all()).toHaveLength(1);
	});

	it('confirms with a current code, returns 10 codes once and keeps only their hashes', async () => {
		const { key, codes } = await enrol();
		expect(codes).toHaveLength(10);
		expect(new Set(codes).size).toBe(10);
		expect(secondFactors(db, me.id)).toEqual({ totp: true, passkeys: 0, recoveryCodesLeft: 10 });
		expect(hasSecondFactor(db, me.id)).toBe(true);
		const stored = db.select().from(recoveryCode).all();
		expect(stored.map((r) => r.codeHash).sort()).toEqual(
			codes.map((c) => hashSecret(c.replace('-', ''))).sort()
		);
		expect(JSON.stringify(stored)).not.toContain(codes[0]);
		const row = db.select().from(totpCredential).get()!;
		expect(row.confirmedAt).toEqual(T0);
		expect(row.key).toBe(key);
		const status = await twoFactorStatus(db, me);
		expect(status).toMatchObject({ totpSince: T0, pending: null, recoveryCodesLeft: 10 });
		expect(actions()).toEqual([
			'two_factor_enrol_start:true:',
			'two_factor_enrol:true:authenticator'
		]);
	});

	it('refuses a wrong code, audits it and confirms nothing', async () => {
		const start = await startTotpEnrolment(db, me, T0);
		if (!start.ok) {
			throw new Error();
		}
		const wrong = totpCode(start.key, T0) === '000000' ? '111111' : '000000';
		const out = confirmTotpEnrolment(db, me, wrong, T0);
		expect(out).toMatchObject({ ok: false, status: 400 });
		expect(!out.ok && out.message).toMatch(/^That code is not right/);
		expect(hasSecondFactor(db, me.id)).toBe(false);
		expect(db.select().from(recoveryCode).all()).toHaveLength(0);
		expect(actions()).toContain('two_factor_enrol:false:wrong code');
	});

	it('refuses to start again while an app is confirmed', async () => {
		await enrol();
		const out = await startTotpEnrolment(db, me, later(60));
		expect(out).toMatchObject({ ok: false, status: 409 });
		expect(hasSecondFactor(db, me.id)).toBe(true);
	});

	it('accepts a code once: the same code cannot regenerate recovery codes after confirming', async () => {
		const { key } = await enrol();
		const replay = regenerateRecoveryCodes(db, me, totpCode(key, T0), later(1));
		expect(replay).toMatchObject({ ok: false, status: 400 });
		const next = regenerateRecoveryCodes(db, me, totpCode(key, later(30)), later(30));
		expect(next).toMatchObject({ ok: true });
		// and the next step's code, once used, is spent too
		expect(regenerateRecoveryCodes(db, me, totpCode(key, later(30)), later(31))).toMatchObject({
			ok: false
		});
	});

	it('new recovery codes replace the old ones', async () => {
		const { key, codes } = await enrol();
		const out = regenerateRecoveryCodes(db, me, totpCode(key, later(30)), later(30));
		if (!out.ok) {
			throw new Error(out.message);
		}
		expect(out.codes).toHaveLength(10);
		expect(out.codes).not.toContain(codes[0]);
		// an old code no longer turns the factor off
		expect(disableTotp(db, me, codes[0], later(60))).toMatchObject({ ok: false, status: 400 });
		expect(actions()).toContain('recovery_codes_replace:true:authenticator');
	});

	it('throttles wrong codes per account like passwords, then answers 429 with a wait', async () => {
		const { key } = await enrol();
		const wrong = (at: Date) => (totpCode(key, at, 5) === '123456' ? '654321' : '123456');
		for (let i = 0; i < 5; i++) {
			expect(regenerateRecoveryCodes(db, me, wrong(later(i)), later(i))).toMatchObject({
				status: 400
			});
		}
		const locked = regenerateRecoveryCodes(db, me, totpCode(key, later(30)), later(30));
		expect(locked).toMatchObject({ ok: false, status: 429 });
		expect(!locked.ok && locked.retryAfter).toBeGreaterThan(0);
		expect(actions()).toContain('recovery_codes_replace:false:throttled');
		// the right code is taken once the wait is over
		expect(regenerateRecoveryCodes(db, me, totpCode(key, later(120)), later(120))).toMatchObject({
			ok: true
		});
	});

	it('turning it off needs a fresh factor, not nothing', async () => {
		const { key } = await enrol();
		expect(disableTotp(db, me, '', later(30))).toMatchObject({ ok: false, status: 400 });
		expect(disableTotp(db, me, 'aaaaa-bbbbb', later(30))).toMatchObject({ ok: false });
		expect(hasSecondFactor(db, me.id)).toBe(true);
		expect(disableTotp(db, me, totpCode(key, later(30)), later(30))).toEqual({
			ok: true,
			factor: 'authenticator'
		});
		expect(secondFactors(db, me.id)).toEqual({ totp: false, passkeys: 0, recoveryCodesLeft: 0 });
		expect(actions()).toContain('two_factor_disable:true:authenticator');
	});

	it('turning the app off keeps the recovery codes while a passkey remains', async () => {
		const { key } = await enrol();
		db.insert(passkey)
			.values({ id: 'k1', userId: me.id, name: 'Phone', publicKey: 'pk', createdAt: T0 })
			.run();
		expect(disableTotp(db, me, totpCode(key, later(30)), later(30))).toMatchObject({ ok: true });
		expect(secondFactors(db, me.id)).toEqual({ totp: false, passkeys: 1, recoveryCodesLeft: 10 });
	});

	it('a passkey-only account gets new recovery codes (after step-up), an account with no factor none', () => {
		expect(regenerateRecoveryCodesAfterStepUp(db, me, T0)).toBeNull();
		db.insert(passkey)
			.values({ id: 'k2', userId: me.id, name: 'Phone', publicKey: 'pk', createdAt: T0 })
			.run();
		const codes = regenerateRecoveryCodesAfterStepUp(db, me, T0);
		expect(codes).toHaveLength(10);
		expect(secondFactors(db, me.id).recoveryCodesLeft).toBe(10);
		expect(actions()).toContain('recovery_codes_replace:true:step-up');
	});

	it('a recovery code turns it off, and is spent doing so', async () => {
		const { codes } = await enrol();
		expect(disableTotp(db, me, codes[3].toUpperCase(), later(30))).toEqual({
			ok: true,
			factor: 'recovery code'
		});
		expect(db.select().from(totpCredential).where(eq(totpCredential.userId, me.id)).all()).toEqual(
			[]
		);
		expect(db.select().from(recoveryCode).all()).toEqual([]);
		expect(actions()).toContain('two_factor_disable:true:recovery code');
		// nothing left to turn off
		expect(disableTotp(db, me, codes[4], later(60))).toMatchObject({ ok: false, status: 409 });
	});
});
