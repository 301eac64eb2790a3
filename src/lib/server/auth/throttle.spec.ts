import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { tempDb } from '../db/test-db';
import type { Db } from '../db/client';
import {
	ACCOUNT_POLICY,
	IP_POLICY,
	accountKey,
	ipKey,
	lockDurationMs,
	recordFailure,
	recordSuccess,
	retryAfterSeconds,
	type ThrottleKey
} from './throttle';

describe('lockDurationMs', () => {
	it('is free for the first failures, then doubles up to the cap', () => {
		const p = { free: 3, baseMs: 1000, maxMs: 10_000, forgetMs: 1 };
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
	const keys = (email: string, ip = '10.0.0.1'): ThrottleKey[] => [
		{ key: accountKey(email), policy: ACCOUNT_POLICY },
		{ key: ipKey(ip), policy: IP_POLICY }
	];

	beforeEach(() => {
		t = tempDb();
		db = t.db;
	});
	afterEach(() => t.cleanup());

	it('locks an account after its free failures, with escalating waits', () => {
		const k = keys('a@x.test');
		for (let i = 1; i < ACCOUNT_POLICY.free; i++) {
			recordFailure(db, k, t0);
			expect(retryAfterSeconds(db, k, t0)).toBe(0);
		}
		recordFailure(db, k, t0);
		expect(retryAfterSeconds(db, k, t0)).toBe(ACCOUNT_POLICY.baseMs / 1000);
		recordFailure(db, k, at(30));
		expect(retryAfterSeconds(db, k, at(30))).toBe((2 * ACCOUNT_POLICY.baseMs) / 1000);
		expect(retryAfterSeconds(db, k, at(30 + 60))).toBe(0);
	});

	it('locks the account for every IP, whatever the case of the email', () => {
		for (let i = 0; i < ACCOUNT_POLICY.free; i++) {
			recordFailure(db, keys('A@x.test', `10.0.0.${i}`), t0);
		}
		expect(retryAfterSeconds(db, keys('a@X.test', '192.0.2.9'), t0)).toBeGreaterThan(0);
	});

	it('locks an IP that sprays many accounts', () => {
		for (let i = 0; i < IP_POLICY.free; i++) {
			recordFailure(db, keys(`u${i}@x.test`), t0);
		}
		expect(retryAfterSeconds(db, keys('fresh@x.test'), t0)).toBe(IP_POLICY.baseMs / 1000);
		expect(retryAfterSeconds(db, keys('fresh@x.test', '10.9.9.9'), t0)).toBe(0);
	});

	it('forgets after a quiet day and resets the account on success', () => {
		const k = keys('b@x.test');
		for (let i = 0; i < ACCOUNT_POLICY.free; i++) {
			recordFailure(db, k, t0);
		}
		const dayLater = at(ACCOUNT_POLICY.forgetMs / 1000 + 1);
		recordFailure(db, k, dayLater);
		expect(retryAfterSeconds(db, k, dayLater)).toBe(0);
		for (let i = 0; i < ACCOUNT_POLICY.free; i++) {
			recordFailure(db, k, dayLater);
		}
		expect(retryAfterSeconds(db, [k[0]], dayLater)).toBeGreaterThan(0);
		recordSuccess(db, 'B@x.test');
		expect(retryAfterSeconds(db, [k[0]], dayLater)).toBe(0);
	});
});
