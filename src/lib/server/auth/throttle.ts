import { eq, inArray, lt } from 'drizzle-orm';
import { writeTx, type Db } from '../db/client';
import { signInAttempt } from '../db/schema';

export interface ThrottlePolicy {
	/** failures allowed before the first lock */
	free: number;
	/** first lock, doubled for each further failure */
	baseMs: number;
	maxMs: number;
	/** a quiet period after which the count starts again */
	forgetMs: number;
}

// An account is the attacker's target: few free tries. An IP may be a whole clinic's front
// desk behind one router: more free tries, but the same escalation.
export const ACCOUNT_POLICY: ThrottlePolicy = {
	free: 5,
	baseMs: 30_000,
	maxMs: 15 * 60_000,
	forgetMs: 24 * 60 * 60_000
};
export const IP_POLICY: ThrottlePolicy = {
	free: 20,
	baseMs: 10_000,
	maxMs: 15 * 60_000,
	forgetMs: 24 * 60 * 60_000
};

/** How long to lock after the `failures`-th consecutive failure (0 while still free). */
export function lockDurationMs(failures: number, policy: ThrottlePolicy): number {
	if (failures < policy.free) {
		return 0;
	}
	const steps = failures - policy.free;
	return Math.min(policy.baseMs * 2 ** Math.min(steps, 30), policy.maxMs);
}

export const accountKey = (email: string) => `acct:${email.trim().toLowerCase()}`;
export const ipKey = (ip: string) => `ip:${ip}`;

export interface ThrottleKey {
	key: string;
	policy: ThrottlePolicy;
}

/** Seconds until sign-in may be tried again for any of the keys, or 0 when allowed now. */
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

export function recordFailure(db: Db, keys: ThrottleKey[], now = new Date()): void {
	writeTx(db, (tx) => {
		for (const { key, policy } of keys) {
			const row = tx.select().from(signInAttempt).where(eq(signInAttempt.key, key)).get();
			const stale = row && now.getTime() - row.lastFailureAt.getTime() > policy.forgetMs;
			const failures = row && !stale ? row.failures + 1 : 1;
			const lockedUntil = new Date(now.getTime() + lockDurationMs(failures, policy));
			tx.insert(signInAttempt)
				.values({ key, failures, lockedUntil, lastFailureAt: now })
				.onConflictDoUpdate({
					target: signInAttempt.key,
					set: { failures, lockedUntil, lastFailureAt: now }
				})
				.run();
		}
		// Keep the table small: forget anything quiet for a day.
		tx.delete(signInAttempt)
			.where(lt(signInAttempt.lastFailureAt, new Date(now.getTime() - ACCOUNT_POLICY.forgetMs)))
			.run();
	});
}

/** A correct password clears the account's count (never the IP's: that would let one
 * attacker-owned account reset the counter between guesses at others). */
export function recordSuccess(db: Db, email: string): void {
	writeTx(db, (tx) =>
		tx
			.delete(signInAttempt)
			.where(eq(signInAttempt.key, accountKey(email)))
			.run()
	);
}
