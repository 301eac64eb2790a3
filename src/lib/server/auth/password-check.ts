import type { Db } from '../db/client';
import type { User } from '../db/schema';
import { decoyHash, verifyPassword } from './password';
import { findKnownDevice, forgetDevice, type KnownDevice } from './device-cookie';
import {
	ACCOUNT_POLICY,
	ADDRESS_POLICY,
	DEVICE_POLICY,
	PAIR_POLICY,
	accountKey,
	addressKey,
	clearFailures,
	deviceKey,
	pairKey,
	recordFailure,
	retryAfterSeconds,
	type ThrottleKey
} from './throttle';

/**
 * A known device that keeps failing is a stolen one: after this many failures in a row it is
 * an unknown device again, under the account-wide and per-address locks.
 */
export const DEVICE_TRUST_FAILURES = 10;

export interface PasswordAttempt {
	/** the account's email as typed, whether or not an account has it */
	email: string;
	account: User | undefined;
	password: string;
	/** the client address (event.getClientAddress(), as the deployment configures it) */
	address: string;
	/** the device cookie's tokens */
	deviceTokens: readonly string[];
}

export type PasswordCheck =
	{ ok: true; device: KnownDevice | null } | { ok: false; retryAfter: number };

/**
 * A device that signed in to this account before counts only against itself (OWASP's device
 * cookies), so a guesser elsewhere cannot lock the owner out of it. Anyone else counts against
 * the account from their address (strict), their address (any account) and the account from
 * everywhere (a slow rate).
 */
export function throttleKeys(attempt: PasswordAttempt, device: KnownDevice | null): ThrottleKey[] {
	if (device) {
		return [{ key: deviceKey(device.device.id), policy: DEVICE_POLICY }];
	}
	return [
		{ key: pairKey(attempt.email, attempt.address), policy: PAIR_POLICY },
		{ key: addressKey(attempt.address), policy: ADDRESS_POLICY },
		{ key: accountKey(attempt.email), policy: ACCOUNT_POLICY }
	];
}

/**
 * Checks a password through the sign-in throttle: sign-in and every form that asks a signed-in
 * user for their password again go through here, so none of them is a side door for guessing.
 * Refuses before verifying while any key is locked, so a refused attempt never counts or
 * extends a lock. `retryAfter` is 0 for a wrong password, the seconds to wait when throttled.
 */
export async function checkPassword(
	db: Db,
	attempt: PasswordAttempt,
	now = new Date()
): Promise<PasswordCheck> {
	const { account } = attempt;
	const device = account ? findKnownDevice(db, account.id, attempt.deviceTokens, now) : null;
	const keys = throttleKeys(attempt, device);
	return oneAtATime(
		keys.map((k) => k.key),
		async () => {
			const wait = retryAfterSeconds(db, keys, now);
			if (wait > 0) {
				return { ok: false, retryAfter: wait };
			}
			// Verify against a decoy when the email is unknown so both answers take the same time.
			const passwordOk = await verifyPassword(
				account?.passwordHash ?? (await decoyHash()),
				attempt.password
			);
			if (!account || !passwordOk || account.disabledAt) {
				const [failures] = recordFailure(db, keys, now);
				if (device && failures >= DEVICE_TRUST_FAILURES) {
					forgetDevice(db, device.device.id);
				}
				return { ok: false, retryAfter: 0 };
			}
			// The account-wide rate drains by itself, and the address's count is never reset by
			// one account's success: an attacker's own account would reset it between guesses.
			clearFailures(db, [keys[0].key]);
			return { ok: true, device };
		}
	);
}

const tails = new Map<string, Promise<unknown>>();

/**
 * Runs attempts that share a throttle key one after another. Otherwise thirty guesses sent at
 * once all pass the check before the first failure is written, and all thirty are verified.
 * (One server process holds the map; adapter-node runs one.) Each attempt waits only for
 * those queued before it, so there is no deadlock, and a flood drains fast: once locked, the
 * rest are refused without hashing.
 */
async function oneAtATime<T>(keys: string[], fn: () => Promise<T>): Promise<T> {
	const before = keys.map((k) => tails.get(k)).filter((p) => p !== undefined);
	const mine = Promise.allSettled(before).then(fn);
	const tail = mine.catch(() => undefined);
	for (const k of keys) {
		tails.set(k, tail);
	}
	try {
		return await mine;
	} finally {
		for (const k of keys) {
			if (tails.get(k) === tail) {
				tails.delete(k);
			}
		}
	}
}
