import { and, eq, isNotNull } from 'drizzle-orm';
import type { Db, Tx } from '../db/client';
import { passkey, totpCredential } from '../db/schema';

/**
 * Whether signing in to this account takes a second factor: a confirmed authenticator app or
 * any passkey. An authenticator still being enrolled (not confirmed) does not count, so a
 * half-finished enrolment cannot lock anyone out.
 *
 * The same rule as `hasSecondFactor` in two-factor.ts (built alongside); one of the two goes
 * when the branches meet.
 */
export function hasSecondFactor(db: Db | Tx, userId: string): boolean {
	const totp = db
		.select({ userId: totpCredential.userId })
		.from(totpCredential)
		.where(and(eq(totpCredential.userId, userId), isNotNull(totpCredential.confirmedAt)))
		.get();
	if (totp) {
		return true;
	}
	return !!db.select({ id: passkey.id }).from(passkey).where(eq(passkey.userId, userId)).get();
}
