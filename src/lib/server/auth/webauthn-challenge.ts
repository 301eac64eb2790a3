import { and, eq, lt } from 'drizzle-orm';
import { writeTx, type Db, type Tx } from '../db/client';
import { webauthnChallenge } from '../db/schema';
import { hashSecret, newToken, secretMatches, splitToken } from './tokens';

/** Long enough to find a phone or a security key and touch it; WebAuthn's own timeout is 60 s. */
export const CHALLENGE_TTL_MS = 5 * 60 * 1000;

export type ChallengePurpose = 'register' | 'sign_in' | 'step_up';

export interface ChallengeBinding {
	purpose: ChallengePurpose;
	/** the session registering or stepping up; null for a sign-in, which has none yet */
	sessionId: string | null;
}

/**
 * Stores a challenge the browser will sign, bound to what asked for it, and returns the
 * `id.secret` token that names it (the cookie's value; only SHA-256 of the secret is kept).
 * Expired challenges, and an earlier one of the same session and purpose, go at the same time.
 */
export function issueChallenge(
	db: Db,
	input: ChallengeBinding & { userId: string | null; challenge: string },
	now = new Date()
): { token: string; expiresAt: Date } {
	const { id, secret, token } = newToken();
	const expiresAt = new Date(now.getTime() + CHALLENGE_TTL_MS);
	writeTx(db, (tx) => {
		tx.delete(webauthnChallenge).where(lt(webauthnChallenge.expiresAt, now)).run();
		if (input.sessionId) {
			tx.delete(webauthnChallenge)
				.where(
					and(
						eq(webauthnChallenge.sessionId, input.sessionId),
						eq(webauthnChallenge.purpose, input.purpose)
					)
				)
				.run();
		}
		tx.insert(webauthnChallenge)
			.values({
				id,
				secretHash: hashSecret(secret),
				purpose: input.purpose,
				userId: input.userId,
				sessionId: input.sessionId,
				challenge: input.challenge,
				createdAt: now,
				expiresAt
			})
			.run();
	});
	return { token, expiresAt };
}

export interface TakenChallenge {
	challenge: string;
	userId: string | null;
}

/**
 * Spends the challenge a token names: it is deleted by the first answer, right or wrong, before
 * the answer is checked, so a signed response cannot be played twice. Null when there is none,
 * when it has expired, or when it was made for another purpose or another session.
 */
export function takeChallenge(
	db: Db | Tx,
	token: string | undefined,
	binding: ChallengeBinding,
	now = new Date()
): TakenChallenge | null {
	const parts = splitToken(token);
	if (!parts) {
		return null;
	}
	const take = (tx: Db | Tx) => {
		const row = tx.select().from(webauthnChallenge).where(eq(webauthnChallenge.id, parts.id)).get();
		if (!row || !secretMatches(parts.secret, row.secretHash)) {
			return null;
		}
		tx.delete(webauthnChallenge).where(eq(webauthnChallenge.id, row.id)).run();
		const fits =
			row.purpose === binding.purpose &&
			row.sessionId === binding.sessionId &&
			now.getTime() < row.expiresAt.getTime();
		return fits ? { challenge: row.challenge, userId: row.userId } : null;
	};
	return '$client' in db ? writeTx(db, take) : take(db);
}
