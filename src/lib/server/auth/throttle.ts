import { and, eq, inArray, lt } from 'drizzle-orm';
import { writeTx, type Db } from '../db/client';
import { signInAttempt } from '../db/schema';
import { addressBlock } from './client-address';

/** Locks that escalate: `free` failures, then `baseMs` doubling up to `maxMs`. */
export interface BackoffPolicy {
	kind: 'backoff';
	free: number;
	baseMs: number;
	maxMs: number;
	/** a quiet period after which the count starts again */
	forgetMs: number;
}

/**
 * A rate, not an escalation (a leaky bucket, stored as GCRA's one timestamp): `free` failures in
 * a burst, then one per `intervalMs` however many sources there are. The account-wide limit is
 * of this kind because a rate has a property an escalating lock lacks: a source held below the
 * rate by its own limits (one address, by the account+address backoff) never fills it.
 */
export interface RatePolicy {
	kind: 'rate';
	free: number;
	intervalMs: number;
}

export type ThrottlePolicy = BackoffPolicy | RatePolicy;

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

/** One account from one address: the guesser's own lane, strict. */
export const PAIR_POLICY: BackoffPolicy = {
	kind: 'backoff',
	free: 5,
	baseMs: 30_000,
	maxMs: 15 * MINUTE,
	forgetMs: DAY
};
/**
 * One address, any account: catches spraying one password over many accounts. More free tries,
 * because an address may be a whole clinic's front desk behind one router.
 */
export const ADDRESS_POLICY: BackoffPolicy = {
	kind: 'backoff',
	free: 20,
	baseMs: 10_000,
	maxMs: 15 * MINUTE,
	forgetMs: DAY
};
/**
 * One account, from all unknown devices together: slows a guesser spread over many addresses.
 * PAIR_POLICY holds one address to 12 failures in its first hour and 4 an hour after that,
 * which never fills a bucket of 20 that drains 6 an hour: one address cannot reach this limit.
 */
export const ACCOUNT_POLICY: RatePolicy = { kind: 'rate', free: 20, intervalMs: 10 * MINUTE };
/** A browser that has signed in to the account before (device cookie): its own lane. */
export const DEVICE_POLICY: BackoffPolicy = { ...PAIR_POLICY };

/** How long to lock after the `failures`-th consecutive failure (0 while still free). */
export function lockDurationMs(failures: number, policy: BackoffPolicy): number {
	if (failures < policy.free) {
		return 0;
	}
	const steps = failures - policy.free;
	return Math.min(policy.baseMs * 2 ** Math.min(steps, 30), policy.maxMs);
}

const normalizeEmail = (email: string) => email.trim().toLowerCase();

export const pairKey = (email: string, address: string) =>
	`pair:${JSON.stringify([normalizeEmail(email), addressBlock(address)])}`;
export const accountKey = (email: string) => `acct:${normalizeEmail(email)}`;
export const addressKey = (address: string) => `ip:${addressBlock(address)}`;
export const deviceKey = (deviceId: string) => `device:${deviceId}`;

export interface ThrottleKey {
	key: string;
	policy: ThrottlePolicy;
}

/** Seconds until an attempt may be made again for all of the keys, or 0 when allowed now. */
export function retryAfterSeconds(db: Db, keys: ThrottleKey[], now = new Date()): number {
	const rows = db
		.select()
		.from(signInAttempt)
		.where(
			inArray(
				signInAttempt.key,
				keys.map((k) => k.key)
			)
		)
		.all();
	const waitMs = Math.max(0, ...rows.map((r) => r.lockedUntil.getTime() - now.getTime()));
	return Math.ceil(waitMs / 1000);
}

type Row = typeof signInAttempt.$inferSelect;

function afterFailure(row: Row | undefined, policy: ThrottlePolicy, now: number) {
	if (policy.kind === 'backoff') {
		const stale = row && now - row.lastFailureAt.getTime() > policy.forgetMs;
		const failures = row && !stale ? row.failures + 1 : 1;
		return { failures, lockedUntil: now + lockDurationMs(failures, policy) };
	}
	// GCRA: `due` is when the bucket is empty again; locked while it is more than a burst ahead.
	const burstMs = (policy.free - 1) * policy.intervalMs;
	const due = row ? row.lockedUntil.getTime() + burstMs : 0;
	const failures = row && due > now ? row.failures + 1 : 1;
	return { failures, lockedUntil: Math.max(due, now) + policy.intervalMs - burstMs };
}

/**
 * Counts a failure against every key. Callers check retryAfterSeconds first and do not call
 * this while locked, so a refused attempt never extends a lock. Returns each key's count.
 */
export function recordFailure(db: Db, keys: ThrottleKey[], now = new Date()): number[] {
	return writeTx(db, (tx) => {
		const counts = keys.map(({ key, policy }) => {
			const row = tx.select().from(signInAttempt).where(eq(signInAttempt.key, key)).get();
			const next = afterFailure(row, policy, now.getTime());
			const set = { ...next, lockedUntil: new Date(next.lockedUntil), lastFailureAt: now };
			tx.insert(signInAttempt)
				.values({ key, ...set })
				.onConflictDoUpdate({ target: signInAttempt.key, set })
				.run();
			return next.failures;
		});
		// Keep the table small: forget anything quiet for a day whose lock is over.
		tx.delete(signInAttempt)
			.where(
				and(
					lt(signInAttempt.lastFailureAt, new Date(now.getTime() - DAY)),
					lt(signInAttempt.lockedUntil, now)
				)
			)
			.run();
		return counts;
	});
}

/** Forgets the counts of these keys (after a correct password). */
export function clearFailures(db: Db, keys: string[]): void {
	writeTx(db, (tx) => tx.delete(signInAttempt).where(inArray(signInAttempt.key, keys)).run());
}
