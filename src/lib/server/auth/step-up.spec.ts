import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import type { RequestEvent } from '@sveltejs/kit';
import { seedUser, tempDb } from '$test/support/test-db';
import { writeTx, type Db } from '../db/client';
import { auditEvent, session, user, type User } from '../db/schema';
import { createSession } from './session';
import { hashPassword } from './password';
import { totpCode } from './totp';
import { confirmTotpEnrolment, startTotpEnrolment, stepUpWithCode } from './two-factor';
import { stepUpWithPassword } from './step-up-password';
import {
	STEP_UP_WINDOW_MS,
	requireStepUp,
	stepUpFresh,
	stepUpProofs,
	stepUpUntil
} from './step-up';

const T0 = new Date('2026-12-02T10:00:00Z');
const at = (ms: number) => new Date(T0.getTime() + ms);
const context = { ip: '203.0.113.9', deviceTokens: [] };

describe('step-up', () => {
	let t: ReturnType<typeof tempDb>;
	let db: Db;
	let me: User;

	beforeEach(() => {
		t = tempDb();
		db = t.db;
		me = seedUser(db, 'owner').user;
	});
	afterEach(() => t.cleanup());

	const row = (id: string) => db.select().from(session).where(eq(session.id, id)).get()!;
	const audits = () =>
		db
			.select()
			.from(auditEvent)
			.all()
			.filter((a) => a.action === 'step_up')
			.map((a) => `${a.ok}:${a.detail ?? ''}`);

	async function enrol(now = at(-60 * 60 * 1000)) {
		const start = await startTotpEnrolment(db, me, now);
		if (!start.ok) {
			throw new Error(start.message);
		}
		const done = confirmTotpEnrolment(db, me, totpCode(start.key, now), now);
		if (!done.ok) {
			throw new Error(done.message);
		}
		return { key: start.key, codes: done.codes };
	}

	async function setPassword(password: string) {
		const passwordHash = await hashPassword(password);
		writeTx(db, (tx) => tx.update(user).set({ passwordHash }).where(eq(user.id, me.id)).run());
		me = { ...me, passwordHash };
	}

	describe('the 10-minute window', () => {
		it('a password-only account: the password counts until 10 minutes have passed, not at 10', () => {
			const { session: s } = createSession(db, me.id, T0);
			expect(stepUpFresh(db, s, T0)).toBe(true);
			expect(stepUpFresh(db, s, at(STEP_UP_WINDOW_MS - 1))).toBe(true);
			expect(stepUpFresh(db, s, at(STEP_UP_WINDOW_MS))).toBe(false);
			expect(stepUpFresh(db, s, at(11 * 60 * 1000))).toBe(false);
			expect(stepUpUntil(db, s, at(60_000))).toEqual(at(STEP_UP_WINDOW_MS));
			expect(stepUpUntil(db, s, at(STEP_UP_WINDOW_MS))).toBeNull();
		});

		it('an account with a second factor: only the factor counts, never the password', async () => {
			await enrol();
			const { session: byPassword } = createSession(db, me.id, T0, null, T0);
			expect(stepUpFresh(db, byPassword, at(1000))).toBe(false);
			expect(stepUpUntil(db, byPassword, at(1000))).toBeNull();
			const { session: byFactor } = createSession(db, me.id, T0, T0, T0);
			expect(stepUpFresh(db, byFactor, at(STEP_UP_WINDOW_MS - 1))).toBe(true);
			expect(stepUpFresh(db, byFactor, at(STEP_UP_WINDOW_MS))).toBe(false);
		});

		it('a factor proved on a session with no password proof counts (a passkey sign-in)', () => {
			const { session: s } = createSession(db, me.id, T0, T0, null);
			expect(stepUpFresh(db, s, at(5 * 60 * 1000))).toBe(true);
		});
	});

	describe('what the prompt offers', () => {
		it('the password only to an account with no second factor', async () => {
			expect(stepUpProofs(db, me.id)).toEqual({ totp: false, passkeys: false, password: true });
			await enrol();
			expect(stepUpProofs(db, me.id)).toEqual({ totp: true, passkeys: false, password: false });
		});

		it('requireStepUp: null while fresh, else 403 with the proofs; no session is refused', () => {
			const { session: s } = createSession(db, me.id, T0);
			const event = (sess: typeof s | null) =>
				({ locals: { db, session: sess } }) as unknown as RequestEvent;
			expect(requireStepUp(event(s), at(1000))).toBeNull();
			const stale = requireStepUp(event(s), at(STEP_UP_WINDOW_MS));
			expect(stale?.status).toBe(403);
			expect(stale?.data).toMatchObject({
				stepUp: true,
				proofs: { totp: false, passkeys: false, password: true }
			});
			const token = requireStepUp(event(null), T0);
			expect(token?.status).toBe(403);
			expect(token?.data.proofs).toEqual({ totp: false, passkeys: false, password: false });
		});
	});

	describe('proving with a code', () => {
		it('a current code proves the factor on this session only, and is audited', async () => {
			const { key } = await enrol();
			const { session: s } = createSession(db, me.id, T0, null, T0);
			const { session: other } = createSession(db, me.id, T0, null, T0);
			const now = at(11 * 60 * 1000);
			expect(stepUpFresh(db, row(s.id), now)).toBe(false);
			expect(stepUpWithCode(db, me, s.id, totpCode(key, now), now)).toEqual({
				ok: true,
				factor: 'authenticator'
			});
			expect(row(s.id).factorAt).toEqual(now);
			expect(stepUpFresh(db, row(s.id), now)).toBe(true);
			expect(row(other.id).factorAt).toBeNull();
			expect(audits()).toEqual(['true:authenticator']);
		});

		it('refuses a replayed code and records no proof', async () => {
			const { key } = await enrol();
			const { session: first } = createSession(db, me.id, T0);
			const { session: second } = createSession(db, me.id, T0);
			const code = totpCode(key, T0);
			expect(stepUpWithCode(db, me, first.id, code, T0)).toMatchObject({ ok: true });
			const replay = stepUpWithCode(db, me, second.id, code, at(5000));
			expect(replay).toMatchObject({ ok: false, status: 400 });
			expect(row(second.id).factorAt).toBeNull();
			expect(audits()).toEqual(['true:authenticator', 'false:wrong code']);
		});

		it('takes a recovery code once', async () => {
			const { codes } = await enrol();
			const { session: s } = createSession(db, me.id, T0);
			expect(stepUpWithCode(db, me, s.id, codes[0], T0)).toEqual({
				ok: true,
				factor: 'recovery code'
			});
			expect(stepUpWithCode(db, me, s.id, codes[0], at(1000))).toMatchObject({ ok: false });
		});

		it('wrong codes are throttled per account', async () => {
			const { key } = await enrol();
			const { session: s } = createSession(db, me.id, T0);
			const wrong = totpCode(key, T0) === '000000' ? '111111' : '000000';
			const answers = Array.from(
				{ length: 6 },
				(_, i) => stepUpWithCode(db, me, s.id, wrong, at(i)) as { status?: number }
			);
			expect(answers.map((a) => a.status)).toEqual([400, 400, 400, 400, 400, 429]);
			// locked: even the right code waits
			expect(stepUpWithCode(db, me, s.id, totpCode(key, at(10)), at(10))).toMatchObject({
				status: 429
			});
			expect(row(s.id).factorAt).toBeNull();
		});

		it('an account without an app cannot step up by code', () => {
			const { session: s } = createSession(db, me.id, T0);
			expect(stepUpWithCode(db, me, s.id, '123456', T0)).toMatchObject({ ok: false, status: 409 });
		});
	});

	describe('proving with the password', () => {
		it('a password-only account proves its password again; a wrong one is refused', async () => {
			await setPassword('correct horse battery');
			const { session: s } = createSession(db, me.id, T0);
			const now = at(11 * 60 * 1000);
			expect(await stepUpWithPassword(db, me, s.id, 'wrong password', context, now)).toMatchObject({
				ok: false,
				status: 400
			});
			expect(row(s.id).passwordAt).toEqual(T0);
			expect(await stepUpWithPassword(db, me, s.id, 'correct horse battery', context, now)).toEqual(
				{ ok: true }
			);
			expect(row(s.id).passwordAt).toEqual(now);
			expect(stepUpFresh(db, row(s.id), now)).toBe(true);
			expect(audits()).toEqual(['false:bad credentials', 'true:password']);
		});

		it('an account with a second factor cannot step up by password, even the right one', async () => {
			await setPassword('correct horse battery');
			await enrol();
			const { session: s } = createSession(db, me.id, T0);
			const now = at(11 * 60 * 1000);
			const out = await stepUpWithPassword(db, me, s.id, 'correct horse battery', context, now);
			expect(out).toMatchObject({ ok: false, status: 409 });
			expect(row(s.id).passwordAt).toEqual(T0);
			expect(stepUpFresh(db, row(s.id), now)).toBe(false);
			expect(audits()).toEqual(['false:password refused: has a second factor']);
		});
	});
});
