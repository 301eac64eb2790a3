import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { seedUser, tempDb } from '$test/support/test-db';
import type { Db } from '../db/client';
import {
	accountToken,
	auditEvent,
	mailMessage,
	patient,
	session,
	user,
	type User
} from '../db/schema';
import { hashPassword } from './password';
import {
	confirmEmailChange,
	findEmailChange,
	requestEmailChange,
	EMAIL_CHANGE_TTL_MS
} from './email-change';
import { findResetToken, requestPasswordReset } from './password-reset';
import { createSession } from './session';
import { hashSecret } from './tokens';

const T0 = new Date('2026-11-24T14:05:00Z');
const later = (ms: number) => new Date(T0.getTime() + ms);
const context = { ip: '192.0.2.10', deviceTokens: [] };

let t: ReturnType<typeof tempDb>;
let db: Db;
let me: User;

beforeEach(async () => {
	t = tempDb();
	db = t.db;
	process.env.ORIGIN = 'https://results.example-clinic.test';
	const passwordHash = await hashPassword('the-password-1');
	const seeded = seedUser(db, 'patient');
	me = db
		.update(user)
		.set({ passwordHash, name: 'Ana Lima' })
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
const ask = (newEmail: string, current = 'the-password-1', now = T0) =>
	requestEmailChange(db, me, { newEmail, current }, context, now);
function tokenFromMail(): string {
	const confirm = mails().find((m) => m.kind === 'email_change_confirm')!;
	return confirm.textBody!.match(/\/account\/email\/([a-z2-7]+\.[a-z2-7]+)/)![1];
}

describe('requestEmailChange', () => {
	it('asks the new address to confirm and tells the old one, in one go, storing only a hash', async () => {
		const result = await ask(' New@Example.TEST ');
		expect(result).toEqual({ ok: true, newEmail: 'new@example.test' });
		const sent = mails();
		expect(sent.map((m) => [m.kind, m.toAddress])).toEqual([
			['email_change_confirm', 'new@example.test'],
			['email_change_notice', me.email]
		]);
		const token = tokenFromMail();
		expect(sent[0].textBody).toContain(
			`https://results.example-clinic.test/account/email/${token}`
		);
		expect(sent[1].textBody).not.toContain('/account/email/');
		expect(sent[1].textBody).not.toContain('new@example.test');
		const [row] = db.select().from(accountToken).all();
		expect(row).toMatchObject({ purpose: 'email_change', newEmail: 'new@example.test' });
		expect(row.secretHash).toBe(hashSecret(token.split('.')[1]));
		expect(row.expiresAt.getTime() - T0.getTime()).toBe(EMAIL_CHANGE_TTL_MS);
		// nothing changes until it is confirmed
		expect(db.select().from(user).where(eq(user.id, me.id)).get()!.email).toBe(me.email);
		expect(audits('email_change_request')).toMatchObject([
			{ ok: true, detail: 'new@example.test' }
		]);
	});

	it('needs the current password, through the sign-in throttle', async () => {
		const results = [];
		for (let i = 0; i < 6; i++) {
			results.push(await ask('new@example.test', `wrong-password-${i}`));
		}
		expect(results.map((r) => !r.ok && r.status)).toEqual([400, 400, 400, 400, 400, 429]);
		expect(await ask('new@example.test')).toMatchObject({ ok: false, status: 429 });
		expect(mails()).toHaveLength(0);
		expect(audits('email_change_request').every((r) => !r.ok)).toBe(true);
	});

	it('refuses an address another account has, wherever it is, without naming the clinic', async () => {
		const elsewhere = seedUser(db, 'owner').user;
		const result = await ask(elsewhere.email.toUpperCase());
		expect(result).toMatchObject({ ok: false, status: 400, field: 'email' });
		expect(!result.ok && result.message).not.toMatch(/clinic/i);
		expect(mails()).toHaveLength(0);
		expect(await ask(me.email)).toMatchObject({ ok: false, field: 'email' });
	});
});

describe('confirmEmailChange', () => {
	it('switches the sign-in address once, keeps sessions, and audits old → new', async () => {
		const here = createSession(db, me.id, T0);
		await ask('new@example.test');
		const token = tokenFromMail();
		expect(findEmailChange(db, token, later(1000))?.newEmail).toBe('new@example.test');
		const result = confirmEmailChange(db, token, later(1000));
		expect(result).toMatchObject({ ok: true, oldEmail: me.email });
		expect(db.select().from(user).where(eq(user.id, me.id)).get()!.email).toBe('new@example.test');
		expect(db.select().from(session).where(eq(session.id, here.session.id)).get()).toBeDefined();
		expect(audits('email_change')).toMatchObject([
			{ ok: true, detail: `${me.email} → new@example.test`, targetId: me.id }
		]);
		expect(confirmEmailChange(db, token, later(2000))).toMatchObject({ ok: false, status: 400 });
	});

	it('moves a patient’s address on file too, so reminders follow', async () => {
		const p = db
			.insert(patient)
			.values({ clinicId: me.clinicId, displayName: 'Ana Lima', email: me.email, userId: me.id })
			.returning()
			.get();
		await ask('new@example.test');
		confirmEmailChange(db, tokenFromMail(), later(1000));
		expect(db.select().from(patient).where(eq(patient.id, p.id)).get()!.email).toBe(
			'new@example.test'
		);
	});

	it('expires after 24 hours, and only the newest request works', async () => {
		await ask('first@example.test');
		const first = tokenFromMail();
		db.delete(mailMessage).run();
		await ask('second@example.test', 'the-password-1', later(1000));
		expect(findEmailChange(db, first, later(2000))).toBeNull();
		const second = tokenFromMail();
		expect(confirmEmailChange(db, second, later(1000 + EMAIL_CHANGE_TTL_MS)).ok).toBe(false);
		expect(db.select().from(user).where(eq(user.id, me.id)).get()!.email).toBe(me.email);
	});

	it('refuses an address taken since the request, and spends the link', async () => {
		await ask('new@example.test');
		const token = tokenFromMail();
		db.update(user)
			.set({ email: 'new@example.test' })
			.where(eq(user.id, seedUser(db).user.id))
			.run();
		expect(confirmEmailChange(db, token, later(1000))).toMatchObject({ ok: false });
		expect(db.select().from(user).where(eq(user.id, me.id)).get()!.email).toBe(me.email);
		expect(findEmailChange(db, token, later(2000))).toBeNull();
	});

	it('ends reset links sent to the old address', async () => {
		requestPasswordReset(db, me.email, '192.0.2.10', T0);
		const reset = mails()[0].textBody!.match(/reset-password\/(\S+)/)![1];
		db.delete(mailMessage).run();
		await ask('new@example.test');
		confirmEmailChange(db, tokenFromMail(), later(1000));
		expect(findResetToken(db, reset, later(2000))).toBeNull();
	});
});
