import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { seedPatient, seedUser, tempDb } from '$test/support/test-db';
import { writeTx } from '../db/client';
import { course, job, mailMessage, patient, photo, treatmentSession, user } from '../db/schema';
import { PHOTOS_READY_DELAY_MS, queuePhotosReady } from './photos-ready';
import { sendQueuedMail } from './mail-jobs';
import type { MailTransport } from './transport';

let t: ReturnType<typeof tempDb>;
beforeEach(() => {
	t = tempDb();
	process.env.ORIGIN = 'https://results.example-clinic.test';
});
afterEach(() => {
	t.cleanup();
	delete process.env.ORIGIN;
});

/** Ana, with a portal account (unless `account` is false) and one session on 8 December. */
function ana(account = true) {
	const { clinic: c, user: owner } = seedUser(t.db);
	const p = seedPatient(t.db, c.id, owner.id, 'Ana Soto');
	let userId: string | null = null;
	if (account) {
		const u = t.db
			.insert(user)
			.values({
				clinicId: c.id,
				email: `ana.login.${c.slug}@example.test`,
				name: 'Ana Soto',
				role: 'patient',
				passwordHash: 'x'
			})
			.returning()
			.get();
		userId = u.id;
		t.db
			.update(patient)
			.set({ userId: u.id, email: 'ana@example.test' })
			.where(eq(patient.id, p.id))
			.run();
	}
	const co = t.db
		.insert(course)
		.values({
			clinicId: c.id,
			patientId: p.id,
			concern: 'acne_scars',
			plannedSessions: 3,
			intervalWeeks: 4,
			startedOn: '2026-12-08'
		})
		.returning()
		.get();
	const s = t.db
		.insert(treatmentSession)
		.values({ clinicId: c.id, courseId: co.id, performedOn: '2026-12-08' })
		.returning()
		.get();
	return { patientId: p.id, sessionId: s.id, userId };
}

const queue = (patientId: string, sessionId: string | null, now: Date, takenOn = '2026-12-08') =>
	writeTx(t.db, (tx) => queuePhotosReady(tx, patientId, { sessionId, takenOn }, now));

describe('queuePhotosReady', () => {
	it('queues one notice per session, to the portal account, ten minutes on', () => {
		const a = ana();
		const now = new Date('2026-12-08T15:00:00Z');
		const id = queue(a.patientId, a.sessionId, now);
		for (let i = 0; i < 5; i++) {
			expect(queue(a.patientId, a.sessionId, new Date(now.getTime() + i * 1000))).toBeNull();
		}
		const all = t.db.select().from(mailMessage).all();
		expect(all).toHaveLength(1);
		expect(all[0]).toMatchObject({
			id,
			kind: 'photos_ready',
			toAddress: expect.stringMatching(/^ana\.login\./),
			dedupeKey: `photos_ready:${a.sessionId}`
		});
		expect(all[0].textBody).toContain('Hello Ana,');
		expect(all[0].textBody).toContain('your visit on Tuesday 8 December');
		expect(all[0].textBody).toContain('https://results.example-clinic.test/me');
		expect(all[0].textBody! + all[0].htmlBody).not.toMatch(/acne|scar/i);
		const [j] = t.db.select().from(job).all();
		expect(j.runAfter.getTime()).toBe(now.getTime() + PHOTOS_READY_DELAY_MS);
	});

	it('follow-up photos without a session: once per patient per clinic day', () => {
		const a = ana();
		queue(a.patientId, null, new Date('2026-12-20T09:00:00Z'), '2026-12-20');
		queue(a.patientId, null, new Date('2026-12-20T17:00:00Z'), '2026-12-20');
		queue(a.patientId, null, new Date('2026-12-21T09:00:00Z'), '2026-12-21');
		expect(
			t.db
				.select({ key: mailMessage.dedupeKey })
				.from(mailMessage)
				.all()
				.map((m) => m.key)
		).toEqual([`photos_ready:${a.patientId}:2026-12-20`, `photos_ready:${a.patientId}:2026-12-21`]);
	});

	it('nothing for a patient without a portal account, with access ended, or archived', () => {
		const none = ana(false);
		expect(queue(none.patientId, none.sessionId, new Date())).toBeNull();
		const ended = ana();
		t.db.update(user).set({ disabledAt: new Date() }).where(eq(user.id, ended.userId!)).run();
		expect(queue(ended.patientId, ended.sessionId, new Date())).toBeNull();
		const archived = ana();
		t.db
			.update(patient)
			.set({ archivedAt: new Date() })
			.where(eq(patient.id, archived.patientId))
			.run();
		expect(queue(archived.patientId, archived.sessionId, new Date())).toBeNull();
		expect(t.db.select().from(mailMessage).all()).toEqual([]);
	});
});

describe('a notice whose photos were deleted before it went', () => {
	const sent: string[] = [];
	const transport: MailTransport = {
		kind: 'file',
		send: async (m) => {
			sent.push(m.messageId);
			return 'written';
		}
	};
	beforeEach(() => sent.splice(0));

	function addPhoto(a: ReturnType<typeof ana>, sessionId: string | null, createdAt: Date) {
		const owner = t.db.select().from(user).where(eq(user.role, 'owner')).get()!;
		return t.db
			.insert(photo)
			.values({
				clinicId: owner.clinicId,
				patientId: a.patientId,
				sessionId,
				view: 'front',
				takenOn: '2026-12-08',
				status: 'ready',
				sha256: 'aa',
				originalKey: 'k',
				originalType: 'image/jpeg',
				originalBytes: 1,
				uploadedBy: owner.id,
				createdAt
			})
			.returning()
			.get();
	}
	const deleteIt = (id: string) =>
		t.db.update(photo).set({ deletedAt: new Date() }).where(eq(photo.id, id)).run();
	const status = (id: string) =>
		t.db.select().from(mailMessage).where(eq(mailMessage.id, id)).get()!.status;

	it('is skipped when every photo of its session is gone, and sent while one remains', async () => {
		const now = new Date('2026-12-08T15:00:00Z');
		const gone = ana();
		const f = addPhoto(gone, gone.sessionId, now);
		const goneId = queue(gone.patientId, gone.sessionId, now)!;
		deleteIt(f.id);
		await sendQueuedMail(t.db, goneId, transport);
		expect(status(goneId)).toBe('skipped');

		const kept = ana();
		const [one] = [addPhoto(kept, kept.sessionId, now), addPhoto(kept, kept.sessionId, now)];
		const keptId = queue(kept.patientId, kept.sessionId, now)!;
		deleteIt(one.id);
		await sendQueuedMail(t.db, keptId, transport);
		expect(status(keptId)).toBe('sent');
		expect(sent).toHaveLength(1);
	});

	it('a follow-up batch counts only the no-session photos since it was queued', async () => {
		const a = ana();
		const now = new Date('2026-12-20T09:00:00Z');
		// an older follow-up photo, from another visit, does not keep today's notice alive
		addPhoto(a, null, new Date('2026-11-01T09:00:00Z'));
		const today = addPhoto(a, null, now);
		const id = queue(a.patientId, null, now, '2026-12-20')!;
		deleteIt(today.id);
		await sendQueuedMail(t.db, id, transport);
		expect(status(id)).toBe('skipped');
		expect(sent).toEqual([]);
	});
});
