import { and, eq, ne } from 'drizzle-orm';
import type { Cookies } from '@sveltejs/kit';
import { writeTx, type Db } from '../db/client';
import { session, user, type Session, type User } from '../db/schema';
import { hashSecret, newToken, secretMatches, splitToken } from './tokens';
import { audit } from '../audit/audit';

export const SESSION_COOKIE = 'resurface_session';
/** A session ends this long after sign-in, however active. */
export const SESSION_ABSOLUTE_MS = 7 * 24 * 60 * 60 * 1000;
/** …or after this long without a request: a clinic workstation left signed in. */
export const SESSION_INACTIVITY_MS = 8 * 60 * 60 * 1000;
/** Activity is written at most this often, not on every request. */
export const SESSION_ACTIVITY_WRITE_MS = 60 * 1000;

export interface ValidSession {
	session: Session;
	user: User;
}

/**
 * `factorAt`: when a second factor was proved to open this session (null: password only);
 * `passwordAt`: when the password was (null for a session opened by a passkey alone).
 */
export function createSession(
	db: Db,
	userId: string,
	now = new Date(),
	factorAt: Date | null = null,
	passwordAt: Date | null = now
) {
	const { id, secret, token } = newToken();
	const row: Session = {
		id,
		userId,
		secretHash: hashSecret(secret),
		createdAt: now,
		lastVerifiedAt: now,
		expiresAt: new Date(now.getTime() + SESSION_ABSOLUTE_MS),
		factorAt,
		passwordAt
	};
	writeTx(db, (tx) => tx.insert(session).values(row).run());
	return { token, session: row };
}

export function validateSessionToken(
	db: Db,
	token: string | undefined,
	now = new Date()
): ValidSession | null {
	const parts = splitToken(token);
	if (!parts) {
		return null;
	}
	const found = db
		.select({ session, user })
		.from(session)
		.innerJoin(user, eq(user.id, session.userId))
		.where(eq(session.id, parts.id))
		.get();
	if (!found) {
		return null;
	}
	if (!secretMatches(parts.secret, found.session.secretHash)) {
		return null;
	}

	const idle = now.getTime() - found.session.lastVerifiedAt.getTime();
	if (
		found.user.disabledAt ||
		now.getTime() >= found.session.expiresAt.getTime() ||
		idle >= SESSION_INACTIVITY_MS
	) {
		invalidateSession(db, parts.id);
		return null;
	}
	if (idle >= SESSION_ACTIVITY_WRITE_MS) {
		writeTx(db, (tx) =>
			tx.update(session).set({ lastVerifiedAt: now }).where(eq(session.id, parts.id)).run()
		);
		found.session.lastVerifiedAt = now;
	}
	return found;
}

export function invalidateSession(db: Db, sessionId: string): void {
	writeTx(db, (tx) => tx.delete(session).where(eq(session.id, sessionId)).run());
}

/** Signing out: the session ends and the sign-out is on the record, together. */
export function signOut(db: Db, sessionId: string, who: Pick<User, 'id' | 'clinicId'>): void {
	writeTx(db, (tx) => {
		tx.delete(session).where(eq(session.id, sessionId)).run();
		audit(tx, { clinicId: who.clinicId, actorUserId: who.id, action: 'sign_out', ok: true });
	});
}

/** Ends every session of a user except, optionally, the one making the request. */
export function invalidateUserSessions(db: Db, userId: string, keepSessionId?: string): void {
	writeTx(db, (tx) =>
		tx
			.delete(session)
			.where(
				keepSessionId
					? and(eq(session.userId, userId), ne(session.id, keepSessionId))
					: eq(session.userId, userId)
			)
			.run()
	);
}

export function setSessionCookie(cookies: Cookies, token: string, expiresAt: Date): void {
	cookies.set(SESSION_COOKIE, token, {
		httpOnly: true,
		secure: true,
		sameSite: 'lax',
		path: '/',
		expires: expiresAt
	});
}

export function clearSessionCookie(cookies: Cookies): void {
	cookies.delete(SESSION_COOKIE, { httpOnly: true, secure: true, sameSite: 'lax', path: '/' });
}
