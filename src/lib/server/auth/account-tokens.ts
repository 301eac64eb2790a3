import { and, eq, gt, isNull } from 'drizzle-orm';
import type { Db, Tx } from '../db/client';
import { accountToken, user, type User } from '../db/schema';
import { secretMatches, splitToken } from './tokens';

/**
 * The links sent by email to an account (password reset, email change): `id.secret`, only
 * SHA-256 of the secret stored, single use, and only the newest of each purpose alive.
 */
export type AccountTokenPurpose = 'password_reset' | 'email_change';

/** A newer link replaces the older ones: only the latest mail works. */
export function endOpenTokens(
	tx: Tx,
	userId: string,
	purpose: AccountTokenPurpose,
	now: Date
): void {
	tx.update(accountToken)
		.set({ expiresAt: now })
		.where(
			and(
				eq(accountToken.userId, userId),
				eq(accountToken.purpose, purpose),
				isNull(accountToken.usedAt),
				gt(accountToken.expiresAt, now)
			)
		)
		.run();
}

export interface UsableToken {
	tokenId: string;
	user: User;
	newEmail: string | null;
}

/**
 * The account a link is for while it can still be used, else null. Why it cannot (unknown,
 * expired, used, access ended) is not said: the page shows one "ask for a new one" answer.
 */
export function findAccountToken(
	db: Db | Tx,
	token: string,
	purpose: AccountTokenPurpose,
	now = new Date()
): UsableToken | null {
	const parts = splitToken(token);
	if (!parts) {
		return null;
	}
	const row = db
		.select({ token: accountToken, user })
		.from(accountToken)
		.innerJoin(user, eq(user.id, accountToken.userId))
		.where(and(eq(accountToken.id, parts.id), eq(accountToken.purpose, purpose)))
		.get();
	if (
		!row ||
		!secretMatches(parts.secret, row.token.secretHash) ||
		row.token.usedAt ||
		row.token.expiresAt.getTime() <= now.getTime() ||
		row.user.disabledAt
	) {
		return null;
	}
	return { tokenId: row.token.id, user: row.user, newEmail: row.token.newEmail };
}
