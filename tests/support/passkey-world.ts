// The world both passkey specs run in: ORIGIN set for the relying party, a fresh database with
// one clinician and their session per test, and registering a software passkey through the real
// options and checks. The bindings are live: each test sees the current database and person.
import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest';
import { eq } from 'drizzle-orm';
import { seedUser, tempDb } from './test-db';
import { registrationResponse, softKey } from './soft-authenticator';
import type { Db } from '../../src/lib/server/db/client';
import { auditEvent, session, type User } from '../../src/lib/server/db/schema';
import { createSession } from '../../src/lib/server/auth/session';
import { addPasskey, registrationOptions } from '../../src/lib/server/auth/passkeys';

export const ORIGIN = 'http://localhost:5173';
export const RP = { origin: ORIGIN, rpId: 'localhost' };
export const IP = '192.0.2.10';

let saved: string | undefined;
beforeAll(() => {
	saved = process.env.ORIGIN;
	process.env.ORIGIN = ORIGIN;
});
afterAll(() => {
	if (saved === undefined) {
		delete process.env.ORIGIN;
	} else {
		process.env.ORIGIN = saved;
	}
});

let t: ReturnType<typeof tempDb>;
export let db: Db;
export let me: User;
export let sessionId: string;

beforeEach(() => {
	t = tempDb();
	db = t.db;
	me = seedUser(db, 'clinician').user;
	sessionId = createSession(db, me.id).session.id;
});
afterEach(() => t.cleanup());

export const sessionRow = (id: string) =>
	db.select().from(session).where(eq(session.id, id)).get()!;
export const audits = (action: string) =>
	db
		.select()
		.from(auditEvent)
		.where(eq(auditEvent.action, action))
		.all()
		.map((e) => `${e.ok}:${e.detail}`);

/** Registers a software passkey for `who` through the real options and checks. */
export async function register(who: User, sid: string, name: string, key = softKey()) {
	const { options, token } = await registrationOptions(db, who, sid);
	const out = await addPasskey(db, who, sid, {
		token,
		name,
		response: registrationResponse(key, { ...RP, challenge: options.challenge })
	});
	return { out, key, options };
}
