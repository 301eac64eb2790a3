import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { seedUser, tempDb } from '$test/support/test-db';
import type { Db } from '../db/client';
import { signInAttempt, user, type User } from '../db/schema';
import { hashPassword } from './password';
import { DEVICE_TRUST_FAILURES, checkPassword, type PasswordAttempt } from './password-check';
import { findKnownDevice, trustDevice } from './device-cookie';
import { PAIR_POLICY } from './throttle';

const RIGHT = 'the-right-password';
let rightHash: string;
beforeAll(async () => {
	rightHash = await hashPassword(RIGHT);
});

describe('checkPassword', () => {
	let t: ReturnType<typeof tempDb>;
	let db: Db;
	let owner: User;
	let other: User;
	const t0 = new Date('2026-03-01T09:00:00Z');
	const at = (s: number) => new Date(t0.getTime() + s * 1000);

	beforeEach(() => {
		t = tempDb();
		db = t.db;
		owner = db
			.update(user)
			.set({ passwordHash: rightHash })
			.where(eq(user.id, seedUser(db).user.id))
			.returning()
			.get();
		other = seedUser(db, 'clinician').user;
	});
	afterEach(() => t.cleanup());

	const attempt = (over: Partial<PasswordAttempt> = {}): PasswordAttempt => ({
		email: owner.email,
		account: owner,
		password: 'a-wrong-guess',
		address: '198.51.100.7',
		deviceTokens: [],
		...over
	});
	const outcome = async (a: PasswordAttempt, now = t0) => {
		const r = await checkPassword(db, a, now);
		return r.ok ? 'ok' : r.retryAfter ? 'throttled' : 'wrong';
	};
	const failTimes = async (n: number, a: PasswordAttempt, now = t0) => {
		const seen: string[] = [];
		for (let i = 0; i < n; i++) {
			seen.push(await outcome(a, now));
		}
		return seen;
	};

	it('verifies at most the free tries when guesses arrive all at once', async () => {
		const results = await Promise.all(Array.from({ length: 12 }, () => outcome(attempt())));
		expect(results.filter((r) => r === 'wrong')).toHaveLength(PAIR_POLICY.free);
		expect(results.filter((r) => r === 'throttled')).toHaveLength(12 - PAIR_POLICY.free);
	});

	it('answers an unknown email exactly as a known one', async () => {
		const known = await failTimes(7, attempt());
		const unknown = await failTimes(7, attempt({ email: 'nobody@x.test', account: undefined }));
		expect(unknown).toEqual(known);
	});

	it('refuses while locked without counting, so one try per period does not extend the lock', async () => {
		await failTimes(PAIR_POLICY.free, attempt());
		const counts = () =>
			db
				.select()
				.from(signInAttempt)
				.all()
				.map((r) => r.failures);
		const before = counts();
		const waits: number[] = [];
		for (let s = 0; s < 30; s += 5) {
			const r = await checkPassword(db, attempt({ password: RIGHT }), at(s));
			expect(r.ok).toBe(false);
			waits.push(r.ok ? 0 : r.retryAfter);
		}
		expect(waits).toEqual([30, 25, 20, 15, 10, 5]);
		expect(counts()).toEqual(before);
		expect(await outcome(attempt({ password: RIGHT }), at(30))).toBe('ok');
	});

	it('lets a known device in past the address and account locks, counting its own failures', async () => {
		const laptop = trustDevice(db, owner.id, null, t0);
		// Twenty addresses' guesses: the account is locked for every unknown device.
		for (let a = 0; a < 20; a++) {
			await checkPassword(db, attempt({ address: `203.0.113.${a}` }), t0);
		}
		expect(await outcome(attempt({ address: '192.0.2.99', password: RIGHT }))).toBe('throttled');
		const fromLaptop = attempt({ address: '203.0.113.1', deviceTokens: [laptop.token] });
		expect(await outcome({ ...fromLaptop, password: RIGHT })).toBe('ok');

		expect(await failTimes(PAIR_POLICY.free + 1, fromLaptop)).toEqual([
			'wrong',
			'wrong',
			'wrong',
			'wrong',
			'wrong',
			'throttled'
		]);
		expect(await outcome({ ...fromLaptop, password: RIGHT })).toBe('throttled');
	});

	it('stops trusting a device that keeps failing', async () => {
		const laptop = trustDevice(db, owner.id, null, t0);
		const fromLaptop = attempt({ deviceTokens: [laptop.token] });
		let now = t0;
		let wrong = 0;
		while (wrong < DEVICE_TRUST_FAILURES) {
			expect(findKnownDevice(db, owner.id, [laptop.token], now)).not.toBeNull();
			const r = await checkPassword(db, fromLaptop, now);
			expect(r.ok).toBe(false);
			if (!r.ok && r.retryAfter) {
				now = new Date(now.getTime() + r.retryAfter * 1000);
			} else {
				wrong++;
			}
		}
		expect(findKnownDevice(db, owner.id, [laptop.token], now)).toBeNull();
	});

	it('gives nothing for a device cookie of another account, an expired one or a forged one', async () => {
		const theirs = trustDevice(db, other.id, null, t0);
		const old = trustDevice(db, owner.id, null, at(-366 * 24 * 3600));
		const forged = `${theirs.token.split('.')[0]}.${'a'.repeat(32)}`;
		await failTimes(PAIR_POLICY.free, attempt());
		for (const token of [theirs.token, old.token, forged]) {
			expect(await outcome(attempt({ password: RIGHT, deviceTokens: [token] }))).toBe('throttled');
		}
	});

	it('refuses a disabled account with the right password, as a wrong one', async () => {
		const disabled = { ...owner, disabledAt: t0 };
		expect(await outcome(attempt({ account: disabled, password: RIGHT }))).toBe('wrong');
	});
});
