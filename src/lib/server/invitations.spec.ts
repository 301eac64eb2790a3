import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { tempDb, seedUser } from './db/test-db';
import type { Db } from './db/client';
import {
	INVITE_TTL_MS,
	InvitationError,
	acceptInvitation,
	createInvitation,
	findUsableInvitation
} from './invitations';
import { verifyPassword } from './auth/password';

let t: ReturnType<typeof tempDb>;
let db: Db;
let owner: ReturnType<typeof seedUser>;
const t0 = new Date('2026-05-01T08:00:00Z');

beforeEach(() => {
	t = tempDb();
	db = t.db;
	owner = seedUser(db, 'owner');
});
afterEach(() => t.cleanup());

const invite = (email = 'new@x.test', now = t0) =>
	createInvitation(
		db,
		{ clinicId: owner.clinic.id, createdBy: owner.user.id, email, name: 'New', role: 'clinician' },
		now
	);

describe('invitations', () => {
	it('stores only a hash of the secret and works once', async () => {
		const { token } = invite();
		const secret = token.split('.')[1];
		const stored = db.$client.prepare('select * from invitation').all();
		expect(JSON.stringify(stored)).not.toContain(secret);

		const user = await acceptInvitation(db, token, 'a-long-password', t0);
		expect(user).toMatchObject({
			email: 'new@x.test',
			role: 'clinician',
			clinicId: owner.clinic.id
		});
		expect(await verifyPassword(user.passwordHash, 'a-long-password')).toBe(true);
		await expect(acceptInvitation(db, token, 'another-password', t0)).rejects.toThrow(
			InvitationError
		);
	});

	it('expires after 7 days', () => {
		const { token } = invite();
		expect(
			findUsableInvitation(db, token, new Date(t0.getTime() + INVITE_TTL_MS - 1))
		).not.toBeNull();
		expect(findUsableInvitation(db, token, new Date(t0.getTime() + INVITE_TTL_MS))).toBeNull();
	});

	it('a new invitation for the same person replaces the old link', () => {
		const first = invite();
		const second = invite();
		expect(findUsableInvitation(db, first.token, t0)).toBeNull();
		expect(findUsableInvitation(db, second.token, t0)).not.toBeNull();
	});

	it('refuses a tampered secret and an email that already has an account', () => {
		const { token } = invite();
		const [id] = token.split('.');
		expect(findUsableInvitation(db, `${id}.${'a'.repeat(32)}`, t0)).toBeNull();
		expect(() => invite(owner.user.email)).toThrow(InvitationError);
	});
});
