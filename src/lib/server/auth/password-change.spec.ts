import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { requestContext } from '../http/request-context';
import { eq } from 'drizzle-orm';
import { seedUser, tempDb } from '$test/support/test-db';
import type { Db } from '../db/client';
import { auditEvent, session, user, type User } from '../db/schema';
import { hashPassword, verifyPassword } from './password';
import { changePassword } from './password-change';
import { findKnownDevice, trustDevice } from './device-cookie';
import { createSession } from './session';

describe('changePassword', () => {
	let t: ReturnType<typeof tempDb>;
	let db: Db;
	let me: User;

	beforeEach(async () => {
		t = tempDb();
		db = t.db;
		const passwordHash = await hashPassword('the-old-password');
		me = db
			.update(user)
			.set({ passwordHash })
			.where(eq(user.id, seedUser(db).user.id))
			.returning()
			.get();
	});
	afterEach(() => t.cleanup());

	const context = (deviceTokens: string[] = [], sessionId?: string) => ({
		ip: '192.0.2.10',
		sessionId,
		deviceTokens
	});

	it('refuses a wrong current password, audits it and changes nothing', async () => {
		const result = await requestContext.run({ ip: '192.0.2.10' }, () =>
			changePassword(
				db,
				me,
				{ current: 'not-the-password', password: 'a-brand-new-password' },
				context()
			)
		);
		expect(result).toMatchObject({ ok: false, status: 400 });
		const row = db.select().from(user).where(eq(user.id, me.id)).get()!;
		expect(await verifyPassword(row.passwordHash, 'the-old-password')).toBe(true);
		const audited = db.select().from(auditEvent).all();
		expect(audited).toMatchObject([
			{ action: 'password_change', ok: false, detail: 'bad credentials', ip: '192.0.2.10' }
		]);
	});

	it('ends the other sessions and forgets the other known devices, keeping this one', async () => {
		const here = createSession(db, me.id);
		createSession(db, me.id);
		const thisLaptop = trustDevice(db, me.id, null);
		const lostPhone = trustDevice(db, me.id, null);
		const result = await changePassword(
			db,
			me,
			{ current: 'the-old-password', password: 'a-brand-new-password' },
			context([thisLaptop.token], here.session.id)
		);
		expect(result).toEqual({ ok: true });
		expect(db.select({ id: session.id }).from(session).all()).toEqual([{ id: here.session.id }]);
		expect(findKnownDevice(db, me.id, [thisLaptop.token])).not.toBeNull();
		expect(findKnownDevice(db, me.id, [lostPhone.token])).toBeNull();
		const row = db.select().from(user).where(eq(user.id, me.id)).get()!;
		expect(await verifyPassword(row.passwordHash, 'a-brand-new-password')).toBe(true);
	});
});
