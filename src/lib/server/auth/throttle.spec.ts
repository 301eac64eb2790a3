import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { tempDb } from '$test/support/test-db';
import type { Db } from '../db/client';
import {
	ACCOUNT_POLICY,
	ADDRESS_POLICY,
	PAIR_POLICY,
	accountKey,
	addressKey,
	clearFailures,
	lockDurationMs,
	pairKey,
	recordFailure,
	retryAfterSeconds,
	type ThrottleKey
} from './throttle';

describe('lockDurationMs', () => {
	it('is free for the first failures, then doubles up to the cap', () => {
		const p = { kind: 'backoff' as const, free: 3, baseMs: 1000, maxMs: 10_000, forgetMs: 1 };
		expect([1, 2, 3, 4, 5, 6, 7, 100].map((n) => lockDurationMs(n, p))).toEqual([
			0, 0, 1000, 2000, 4000, 8000, 10_000, 10_000
		]);
	});
});

describe('sign-in throttling', () => {
	let t: ReturnType<typeof tempDb>;
	let db: Db;
	const t0 = new Date('2026-03-01T09:00:00Z');
	const at = (s: number) => new Date(t0.getTime() + s * 1000);
	/** The keys an unknown device's attempt counts against. */
	const keys = (email: string, ip: string): ThrottleKey[] => [
		{ key: pairKey(email, ip), policy: PAIR_POLICY },
		{ key: addressKey(ip), policy: ADDRESS_POLICY },
		{ key: accountKey(email), policy: ACCOUNT_POLICY }
	];
	/** Fails as the throttle lets an attacker: only when not locked, never counting refusals. */
	const failWhenAllowed = (k: ThrottleKey[], now: Date) => {
		if (retryAfterSeconds(db, k, now) > 0) {
			return false;
		}
		recordFailure(db, k, now);
		return true;
	};

	beforeEach(() => {
		t = tempDb();
		db = t.db;
	});
	afterEach(() => t.cleanup());

	it('locks an account from one address after its free failures, with escalating waits', () => {
		const k = keys('a@x.test', '198.51.100.7');
		for (let i = 1; i < PAIR_POLICY.free; i++) {
			recordFailure(db, k, t0);
			expect(retryAfterSeconds(db, k, t0)).toBe(0);
		}
		recordFailure(db, k, t0);
		expect(retryAfterSeconds(db, k, t0)).toBe(PAIR_POLICY.baseMs / 1000);
		recordFailure(db, k, at(30));
		expect(retryAfterSeconds(db, k, at(30))).toBe((2 * PAIR_POLICY.baseMs) / 1000);
		expect(retryAfterSeconds(db, k, at(30 + 60))).toBe(0);
	});

	it('leaves the account open from other addresses, whatever the case of the email', () => {
		const attacker = keys('Owner@X.test', '198.51.100.7');
		for (let i = 0; i < 3 * PAIR_POLICY.free; i++) {
			failWhenAllowed(attacker, t0);
		}
		expect(retryAfterSeconds(db, keys('owner@x.test', '198.51.100.7'), t0)).toBeGreaterThan(0);
		expect(retryAfterSeconds(db, keys('owner@x.test', '192.0.2.10'), t0)).toBe(0);
	});

	it('locks an address that sprays many accounts', () => {
		for (let i = 0; i < ADDRESS_POLICY.free; i++) {
			recordFailure(db, keys(`u${i}@x.test`, '10.0.0.1'), t0);
		}
		expect(retryAfterSeconds(db, keys('fresh@x.test', '10.0.0.1'), t0)).toBe(
			ADDRESS_POLICY.baseMs / 1000
		);
		expect(retryAfterSeconds(db, keys('fresh@x.test', '10.9.9.9'), t0)).toBe(0);
	});

	it('counts every address of one IPv6 /64 as one client', () => {
		for (let i = 0; i < PAIR_POLICY.free; i++) {
			recordFailure(db, keys('a@x.test', `2001:db8:1:2::${i + 1}`), t0);
		}
		expect(retryAfterSeconds(db, keys('a@x.test', '2001:db8:1:2::ffff'), t0)).toBeGreaterThan(0);
	});

	it('never lets one address reach the account-wide limit, however long it keeps at it', () => {
		const attacker = keys('owner@x.test', '198.51.100.7');
		const owner = keys('owner@x.test', '192.0.2.10');
		let failures = 0;
		// One try a minute for two days: the attacker's own locks decide how many count.
		for (let minute = 0; minute < 2 * 24 * 60; minute++) {
			const now = at(minute * 60);
			if (failWhenAllowed(attacker, now)) {
				failures++;
				expect(retryAfterSeconds(db, owner, now)).toBe(0);
			}
		}
		expect(failures).toBeGreaterThan(180);
		// The lock the attacker keeps renewing is its own and stays at the cap, not beyond.
		expect(retryAfterSeconds(db, attacker, at(2 * 24 * 3600))).toBeLessThanOrEqual(
			PAIR_POLICY.maxMs / 1000
		);
	});

	it('slows a guesser spread over many addresses to the account-wide rate', () => {
		const perAddress = PAIR_POLICY.free;
		const addresses = Math.ceil(ACCOUNT_POLICY.free / perAddress);
		for (let a = 0; a < addresses - 1; a++) {
			for (let i = 0; i < perAddress; i++) {
				expect(failWhenAllowed(keys('owner@x.test', `198.51.100.${a}`), t0)).toBe(true);
			}
		}
		expect(retryAfterSeconds(db, keys('owner@x.test', '192.0.2.10'), t0)).toBe(0);
		for (let i = 0; i < perAddress; i++) {
			failWhenAllowed(keys('owner@x.test', `198.51.100.${addresses}`), t0);
		}
		const wait = retryAfterSeconds(db, keys('owner@x.test', '192.0.2.10'), t0);
		expect(wait).toBe(ACCOUNT_POLICY.intervalMs / 1000);
		// Other accounts are untouched.
		expect(retryAfterSeconds(db, keys('other@x.test', '192.0.2.10'), t0)).toBe(0);

		// From then on, fresh addresses get one failure per interval between them, no more.
		let counted = 0;
		for (let minute = 0; minute < 24 * 60; minute++) {
			const fresh = keys('owner@x.test', `203.0.113.${minute % 250}`);
			if (failWhenAllowed(fresh, at(minute * 60))) {
				counted++;
			}
		}
		expect(counted).toBeLessThanOrEqual((24 * 60 * 60_000) / ACCOUNT_POLICY.intervalMs);
		expect(counted).toBeGreaterThanOrEqual((24 * 60 * 60_000) / ACCOUNT_POLICY.intervalMs - 1);
	});

	it('lets the account-wide limit drain by itself', () => {
		for (let a = 0; a < ACCOUNT_POLICY.free; a++) {
			recordFailure(db, keys('owner@x.test', `198.51.100.${a}`), t0);
		}
		const owner = keys('owner@x.test', '192.0.2.10');
		expect(retryAfterSeconds(db, owner, t0)).toBeGreaterThan(0);
		expect(retryAfterSeconds(db, owner, at(ACCOUNT_POLICY.intervalMs / 1000))).toBe(0);
		// A full burst is allowed again once it has drained completely.
		const drained = at((ACCOUNT_POLICY.free * ACCOUNT_POLICY.intervalMs) / 1000);
		for (let a = 0; a < ACCOUNT_POLICY.free - 1; a++) {
			recordFailure(db, keys('owner@x.test', `203.0.113.${a}`), drained);
		}
		expect(retryAfterSeconds(db, owner, drained)).toBe(0);
	});

	it('forgets after a quiet day and on request', () => {
		const k = keys('b@x.test', '10.0.0.1');
		for (let i = 0; i < PAIR_POLICY.free; i++) {
			recordFailure(db, k, t0);
		}
		const dayLater = at(PAIR_POLICY.forgetMs / 1000 + 1);
		recordFailure(db, k, dayLater);
		expect(retryAfterSeconds(db, k, dayLater)).toBe(0);
		for (let i = 0; i < PAIR_POLICY.free; i++) {
			recordFailure(db, k, dayLater);
		}
		expect(retryAfterSeconds(db, [k[0]], dayLater)).toBeGreaterThan(0);
		clearFailures(db, [pairKey('B@x.test', '10.0.0.1')]);
		expect(retryAfterSeconds(db, [k[0]], dayLater)).toBe(0);
	});
});
