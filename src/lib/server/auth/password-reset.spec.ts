import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { seedUser, tempDb } from '$test/support/test-db';
import type { Db } from '../db/client';
import {
	accountToken,
	auditEvent,
	clinic,
	mailMessage,
	session,
	signInAttempt,
	trustedDevice,
	user,
	type User
} from '../db/schema';
import { verifyPassword } from './password';
import {
	findResetToken,
	requestPasswordReset,
	resetPassword,
	RESET_TTL_MS
} from './password-reset';
import { createSession } from './session';
import { trustDevice } from './device-cookie';
import {
	accountKey,
	addressKey,
	pairKey,
	recordFailure,
	ACCOUNT_POLICY,
	PAIR_POLICY
} from './throttle';
import { hashSecret } from './tokens';

const IP = '192.0.2.10';
const T0 = new Date('2026-11-24T14:05:00Z');
const later = (ms: number) => new Date(T0.getTime() + ms);

let t: ReturnType<typeof tempDb>;
let db: Db;
let me: User;

beforeEach(() => {
	t = tempDb();
	db = t.db;
	process.env.ORIGIN = 'https://results.example-clinic.test';
	const seeded = seedUser(db, 'patient');
	db.update(clinic)
		.set({ settings: { timeZone: 'Europe/London' } })
		.where(eq(clinic.id, seeded.clinic.id))
		.run();
	me = db
		.update(user)
		.set({ name: 'Ana Lima' })
		.where(eq(user.id, seeded.user.id))
		.returning()
		.get();
});
afterEach(() => {
	t.cleanup();
	delete process.env.ORIGIN;
});

const mails = () => db.select().from(mailMessage).all();
const audits = (action: string) =>
	db.select().from(auditEvent).where(eq(auditEvent.action, action)).all();

/** The link's token, read back from the queued message as the recipient would. */
function tokenFromMail(index = -1): string {
	const text = mails().at(index)!.textBody!;
	return text.match(/\/reset-password\/([a-z2-7]+\.[a-z2-7]+)/)![1];
}

describe('requestPasswordReset', () => {
	it('queues one message to the account with a 30-minute link in the clinic’s time, and stores only a hash', () => {
		requestPasswordReset(db, `  ${me.email.toUpperCase()} `, IP, T0);
		const [mail] = mails();
		expect(mail).toMatchObject({ kind: 'password_reset', toAddress: me.email, userId: me.id });
		expect(mail.textBody).toContain('Hello Ana,');
		expect(mail.textBody).toContain('until 14:35 (Europe/London)');
		const token = tokenFromMail();
		expect(mail.textBody).toContain(`https://results.example-clinic.test/reset-password/${token}`);

		const [row] = db.select().from(accountToken).all();
		const [id, secret] = token.split('.');
		expect(row).toMatchObject({ id, purpose: 'password_reset', userId: me.id, usedAt: null });
		expect(row.secretHash).toBe(hashSecret(secret));
		expect(JSON.stringify(row)).not.toContain(secret);
		expect(row.expiresAt.getTime() - T0.getTime()).toBe(RESET_TTL_MS);
		expect(audits('password_reset_request')).toMatchObject([
			{ clinicId: me.clinicId, ok: true, targetId: me.id, actorUserId: null }
		]);
	});

	it('sends nothing for an unknown address, returns the same, and audits without the address', () => {
		const known = requestPasswordReset(db, me.email, IP, T0);
		const unknown = requestPasswordReset(db, 'nobody@example.test', IP, T0);
		expect(unknown).toEqual(known);
		expect(mails()).toHaveLength(1);
		const row = audits('password_reset_request').find((r) => !r.ok)!;
		expect(row).toMatchObject({ clinicId: null, detail: 'unknown address' });
		expect(JSON.stringify(row)).not.toContain('nobody');
	});

	it('sends nothing to an account whose access ended', () => {
		db.update(user).set({ disabledAt: T0 }).where(eq(user.id, me.id)).run();
		requestPasswordReset(db, me.email, IP, T0);
		expect(mails()).toHaveLength(0);
		expect(db.select().from(accountToken).all()).toHaveLength(0);
		expect(audits('password_reset_request')).toMatchObject([{ ok: false, detail: 'access ended' }]);
	});

	it('works for every role', () => {
		for (const role of ['owner', 'clinician', 'frontdesk'] as const) {
			requestPasswordReset(db, seedUser(db, role).user.email, IP, T0);
		}
		expect(mails()).toHaveLength(3);
	});

	it('a newer link replaces the older one', () => {
		requestPasswordReset(db, me.email, IP, T0);
		const first = tokenFromMail();
		requestPasswordReset(db, me.email, IP, later(1000));
		expect(findResetToken(db, first, later(2000))).toBeNull();
		expect(findResetToken(db, tokenFromMail(), later(2000))?.user.id).toBe(me.id);
	});

	it('is throttled per account: three at once, then one per 20 minutes; throttled ones are audited and send nothing', () => {
		for (let i = 0; i < 5; i++) {
			requestPasswordReset(db, me.email, `198.51.100.${i}`, later(i * 1000));
		}
		expect(mails()).toHaveLength(3);
		expect(audits('password_reset_request').filter((r) => r.detail === 'throttled')).toHaveLength(
			2
		);
		requestPasswordReset(db, me.email, IP, later(20 * 60_000 + 5000));
		expect(mails()).toHaveLength(4);
	});

	it('is throttled per client address across accounts, unknown ones included', () => {
		for (let i = 0; i < 12; i++) {
			requestPasswordReset(db, `someone-${i}@example.test`, IP, later(i));
		}
		requestPasswordReset(db, me.email, IP, later(20));
		expect(mails()).toHaveLength(0);
		requestPasswordReset(db, me.email, '203.0.113.9', later(30));
		expect(mails()).toHaveLength(1);
	});
});

describe('resetPassword', () => {
	function link(now = T0) {
		requestPasswordReset(db, me.email, IP, now);
		return tokenFromMail();
	}

	it('sets the password, spends the link, ends every session and known browser, and audits', async () => {
		const token = link();
		createSession(db, me.id, T0);
		createSession(db, me.id, T0);
		trustDevice(db, me.id, null, T0);
		const result = await resetPassword(db, token, 'a-brand-new-password', later(60_000));
		expect(result.ok).toBe(true);
		const row = db.select().from(user).where(eq(user.id, me.id)).get()!;
		expect(await verifyPassword(row.passwordHash, 'a-brand-new-password')).toBe(true);
		expect(db.select().from(session).where(eq(session.userId, me.id)).all()).toHaveLength(0);
		expect(db.select().from(trustedDevice).all()).toHaveLength(0);
		expect(db.select().from(accountToken).get()!.usedAt).toEqual(later(60_000));
		expect(audits('password_reset')).toMatchObject([
			{ ok: true, clinicId: me.clinicId, actorUserId: me.id, targetId: me.id }
		]);
	});

	it('works once: a second use fails and changes nothing', async () => {
		const token = link();
		expect((await resetPassword(db, token, 'a-brand-new-password', later(1000))).ok).toBe(true);
		const second = await resetPassword(db, token, 'another-new-password', later(2000));
		expect(second).toMatchObject({ ok: false, status: 400 });
		const row = db.select().from(user).where(eq(user.id, me.id)).get()!;
		expect(await verifyPassword(row.passwordHash, 'a-brand-new-password')).toBe(true);
		expect(findResetToken(db, token, later(3000))).toBeNull();
		expect(audits('password_reset').map((r) => r.ok)).toEqual([true, false]);
	});

	it('expires after 30 minutes', async () => {
		const token = link();
		expect(findResetToken(db, token, later(RESET_TTL_MS - 1))).not.toBeNull();
		expect(findResetToken(db, token, later(RESET_TTL_MS))).toBeNull();
		const result = await resetPassword(db, token, 'a-brand-new-password', later(RESET_TTL_MS));
		expect(result.ok).toBe(false);
	});

	it('refuses a malformed or forged token, and a password the rule refuses', async () => {
		const token = link();
		const [id] = token.split('.');
		expect(findResetToken(db, 'junk', T0)).toBeNull();
		expect(findResetToken(db, `${id}.${'a'.repeat(32)}`, T0)).toBeNull();
		const short = await resetPassword(db, token, 'short', T0);
		expect(short).toMatchObject({ ok: false, message: expect.stringContaining('at least 10') });
		expect(findResetToken(db, token, T0)).not.toBeNull();
	});

	it('stops working when the account’s access ends', async () => {
		const token = link();
		db.update(user).set({ disabledAt: T0 }).where(eq(user.id, me.id)).run();
		expect((await resetPassword(db, token, 'a-brand-new-password', later(1000))).ok).toBe(false);
	});

	it('lifts this account’s sign-in locks but not the client address’s', async () => {
		const token = link();
		const elsewhere = [
			{ key: pairKey(me.email, '198.51.100.7'), policy: PAIR_POLICY },
			{ key: accountKey(me.email), policy: ACCOUNT_POLICY },
			{ key: addressKey('198.51.100.7'), policy: PAIR_POLICY },
			{ key: pairKey('other@example.test', '198.51.100.7'), policy: PAIR_POLICY }
		];
		for (let i = 0; i < 30; i++) {
			recordFailure(db, elsewhere, T0);
		}
		await resetPassword(db, token, 'a-brand-new-password', later(1000));
		const left = db
			.select({ key: signInAttempt.key })
			.from(signInAttempt)
			.all()
			.map((r) => r.key);
		expect(left).toContain(addressKey('198.51.100.7'));
		expect(left).toContain(pairKey('other@example.test', '198.51.100.7'));
		expect(left).not.toContain(accountKey(me.email));
		expect(left).not.toContain(pairKey(me.email, '198.51.100.7'));
	});
});
