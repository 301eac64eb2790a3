import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { tempDb, seedUser } from '$test/support/test-db';
import type { Db } from './client';
import { auditEvent, consent, patient } from './schema';
import { audit } from '../audit/audit';

let t: ReturnType<typeof tempDb>;
let db: Db;
let owner: ReturnType<typeof seedUser>;

beforeEach(() => {
	t = tempDb();
	db = t.db;
	owner = seedUser(db, 'owner');
});
afterEach(() => t.cleanup());

describe('append-only records', () => {
	it('audit events cannot be edited or deleted', () => {
		audit(db, { clinicId: owner.clinic.id, actorUserId: owner.user.id, action: 'x', ok: true });
		expect(() => db.update(auditEvent).set({ ok: false }).run()).toThrow(/append-only/);
		expect(() => db.delete(auditEvent).run()).toThrow(/append-only/);
		expect(db.select().from(auditEvent).all()).toHaveLength(1);
	});

	it('a consent row accepts one revocation and nothing else', () => {
		const p = db
			.insert(patient)
			.values({ clinicId: owner.clinic.id, displayName: 'P' })
			.returning()
			.get();
		const c = db
			.insert(consent)
			.values({
				clinicId: owner.clinic.id,
				patientId: p.id,
				scope: 'gallery_public',
				textVersion: 'v1',
				signedName: 'P',
				grantedAt: new Date(),
				recordedBy: owner.user.id
			})
			.returning()
			.get();
		const byId = eq(consent.id, c.id);
		expect(() => db.update(consent).set({ signedName: 'Someone else' }).where(byId).run()).toThrow(
			/only revoked/
		);
		expect(() => db.delete(consent).where(byId).run()).toThrow(/never deleted/);
		db.update(consent)
			.set({ revokedAt: new Date(), revokedReason: 'changed mind', revokedBy: owner.user.id })
			.where(byId)
			.run();
		expect(() =>
			db
				.update(consent)
				.set({ revokedAt: new Date(0), revokedReason: 'again' })
				.where(byId)
				.run()
		).toThrow(/only revoked/);
		expect(db.select().from(consent).where(byId).get()?.revokedReason).toBe('changed mind');
	});

	it('ids are random 160-bit strings, never sequential', () => {
		const ids = [seedUser(db).user.id, seedUser(db).user.id, owner.user.id];
		for (const id of ids) {
			expect(id).toMatch(/^[a-z2-7]{32}$/);
		}
		expect(new Set(ids).size).toBe(3);
	});
});
