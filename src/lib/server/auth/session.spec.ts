import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { tempDb, seedUser } from '$test/support/test-db';
import { session, user } from '../db/schema';
import type { Db } from '../db/client';
import {
	createSession,
	invalidateUserSessions,
	SESSION_ABSOLUTE_MS,
	SESSION_ACTIVITY_WRITE_MS,
	SESSION_INACTIVITY_MS,
	validateSessionToken
} from './session';
import { hashSecret } from './tokens';

let t: ReturnType<typeof tempDb>;
let db: Db;
let userId: string;
const t0 = new Date('2026-03-01T09:00:00Z');
const later = (ms: number) => new Date(t0.getTime() + ms);

beforeEach(() => {
	t = tempDb();
	db = t.db;
	userId = seedUser(db).user.id;
});
afterEach(() => t.cleanup());

describe('session tokens', () => {
	it('issues id.secret and stores only the SHA-256 of the secret', () => {
		const { token } = createSession(db, userId, t0);
		const [id, secret] = token.split('.');
		expect(id).toMatch(/^[a-z2-7]{32}$/);
		expect(secret).toMatch(/^[a-z2-7]{32}$/);
		const row = db.select().from(session).where(eq(session.id, id)).get()!;
		expect(row.secretHash).toBe(hashSecret(secret));
		expect(JSON.stringify(row)).not.toContain(secret);
	});

	it('validates the right token and refuses a tampered secret or malformed token', () => {
		const { token } = createSession(db, userId, t0);
		expect(validateSessionToken(db, token, t0)?.user.id).toBe(userId);
		const [id, secret] = token.split('.');
		const flipped = secret.slice(0, -1) + (secret.endsWith('a') ? 'b' : 'a');
		expect(validateSessionToken(db, `${id}.${flipped}`, t0)).toBeNull();
		expect(validateSessionToken(db, id, t0)).toBeNull();
		expect(validateSessionToken(db, `${token}.x`, t0)).toBeNull();
		expect(validateSessionToken(db, '', t0)).toBeNull();
		expect(validateSessionToken(db, undefined, t0)).toBeNull();
	});

	it('expires absolutely, however active the user', () => {
		const { token } = createSession(db, userId, t0);
		// keep it busy right up to the end
		for (let at = 0; at < SESSION_ABSOLUTE_MS; at += SESSION_INACTIVITY_MS / 2) {
			expect(validateSessionToken(db, token, later(at))).not.toBeNull();
		}
		expect(validateSessionToken(db, token, later(SESSION_ABSOLUTE_MS))).toBeNull();
		expect(db.select().from(session).all()).toHaveLength(0);
	});

	it('ends after the inactivity timeout and deletes the row', () => {
		const { token } = createSession(db, userId, t0);
		expect(validateSessionToken(db, token, later(SESSION_INACTIVITY_MS - 1))).not.toBeNull();
		const next = later(SESSION_INACTIVITY_MS - 1 + SESSION_INACTIVITY_MS);
		expect(validateSessionToken(db, token, next)).toBeNull();
		expect(db.select().from(session).all()).toHaveLength(0);
	});

	it('records activity at most once per interval', () => {
		const { token, session: s } = createSession(db, userId, t0);
		validateSessionToken(db, token, later(SESSION_ACTIVITY_WRITE_MS - 1));
		const read = () => db.select().from(session).where(eq(session.id, s.id)).get()!;
		expect(read().lastVerifiedAt.getTime()).toBe(t0.getTime());
		validateSessionToken(db, token, later(SESSION_ACTIVITY_WRITE_MS));
		expect(read().lastVerifiedAt.getTime()).toBe(later(SESSION_ACTIVITY_WRITE_MS).getTime());
	});

	it('refuses sessions of a disabled user', () => {
		const { token } = createSession(db, userId, t0);
		db.update(user).set({ disabledAt: t0 }).where(eq(user.id, userId)).run();
		expect(validateSessionToken(db, token, t0)).toBeNull();
	});

	it('ends all other sessions of a user, keeping the current one', () => {
		const a = createSession(db, userId, t0);
		const b = createSession(db, userId, t0);
		const other = seedUser(db).user.id;
		const c = createSession(db, other, t0);
		invalidateUserSessions(db, userId, a.session.id);
		expect(validateSessionToken(db, a.token, t0)).not.toBeNull();
		expect(validateSessionToken(db, b.token, t0)).toBeNull();
		expect(validateSessionToken(db, c.token, t0)).not.toBeNull();
	});
});
