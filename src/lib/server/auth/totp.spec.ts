import { describe, expect, it } from 'vitest';
import { writeTx } from '../db/client';
import { seedUser, tempDb } from '$test/support/test-db';
import { recoveryCode } from '../db/schema';
import { matchTotp, newTotpKey, totpCode, totpStep, totpUri } from './totp';
import { recoveryCodesLeft, replaceRecoveryCodes, useRecoveryCode } from './recovery-codes';

// RFC 6238 appendix B's SHA-1 key ("12345678901234567890") in base32
const RFC_KEY = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ';

describe('TOTP', () => {
	it('computes RFC 6238’s test vectors (6 digits of the 8 the RFC lists)', () => {
		expect(totpCode(RFC_KEY, new Date(59_000))).toBe('287082');
		expect(totpCode(RFC_KEY, new Date(1_111_111_109_000))).toBe('081804');
		expect(totpCode(RFC_KEY, new Date(2_000_000_000_000))).toBe('279037');
	});

	it('accepts the code of this step and one step either side, and nothing further', () => {
		const key = newTotpKey();
		const now = new Date('2026-12-02T10:00:15Z');
		const step = totpStep(now);
		expect(matchTotp(key, totpCode(key, now), null, now)).toBe(step);
		expect(matchTotp(key, totpCode(key, now, -1), null, now)).toBe(step - 1);
		expect(matchTotp(key, totpCode(key, now, 1), null, now)).toBe(step + 1);
		expect(matchTotp(key, totpCode(key, now, -2), null, now)).toBeNull();
		expect(matchTotp(key, totpCode(key, now, 2), null, now)).toBeNull();
	});

	it('never accepts a code twice, nor one older than the last accepted', () => {
		const key = newTotpKey();
		const now = new Date('2026-12-02T10:00:15Z');
		const used = matchTotp(key, totpCode(key, now), null, now)!;
		expect(matchTotp(key, totpCode(key, now), used, now)).toBeNull();
		expect(matchTotp(key, totpCode(key, now, -1), used, now)).toBeNull();
		expect(matchTotp(key, totpCode(key, now, 1), used, now)).toBe(used + 1);
	});

	it('takes codes typed with a space, and refuses anything that is not six digits', () => {
		const key = newTotpKey();
		const now = new Date();
		const code = totpCode(key, now);
		expect(matchTotp(key, `${code.slice(0, 3)} ${code.slice(3)}`, null, now)).not.toBeNull();
		for (const bad of ['', '12345', '1234567', 'abcdef', `${code}0`]) {
			expect(matchTotp(key, bad, null, now)).toBeNull();
		}
	});

	it('names the clinic and the account in the otpauth URI', () => {
		const uri = totpUri('Demo Skin Clinic', 'owner@demo.test', RFC_KEY);
		expect(uri).toMatch(/^otpauth:\/\/totp\/Demo%20Skin%20Clinic:owner%40demo\.test\?/);
		expect(uri).toContain(`secret=${RFC_KEY}`);
	});
});

describe('recovery codes', () => {
	it('gives 10 codes shown once, keeps only hashes, and spends each once', () => {
		const t = tempDb();
		try {
			const { user } = seedUser(t.db);
			const codes = writeTx(t.db, (tx) => replaceRecoveryCodes(tx, user.id));
			expect(codes).toHaveLength(10);
			expect(new Set(codes).size).toBe(10);
			const stored = t.db.select().from(recoveryCode).all();
			expect(stored.map((r) => r.codeHash).join()).not.toContain(codes[0].replace('-', ''));
			expect(writeTx(t.db, (tx) => useRecoveryCode(tx, user.id, codes[3].toUpperCase()))).toBe(
				true
			);
			expect(writeTx(t.db, (tx) => useRecoveryCode(tx, user.id, codes[3]))).toBe(false);
			expect(writeTx(t.db, (tx) => recoveryCodesLeft(tx, user.id))).toBe(9);
			// new codes replace the old ones
			writeTx(t.db, (tx) => replaceRecoveryCodes(tx, user.id));
			expect(writeTx(t.db, (tx) => useRecoveryCode(tx, user.id, codes[0]))).toBe(false);
		} finally {
			t.cleanup();
		}
	});
});
