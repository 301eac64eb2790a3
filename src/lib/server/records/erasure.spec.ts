import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { writeTx } from '../db/client';
import { clinic, consent, consentText, mailMessage, patient, photo, user } from '../db/schema';
import { photoTestClinic } from '$test/support/photo-clinic';
import { EMAIL, NAME, erasureWorld } from '$test/support/erasure-world';
import { deletePhoto } from '../photos/delete';
import { newId } from '../platform/ids';
import type { StaffActor } from '../auth/guard';
import { erasePatient, erasurePreview, ErasureError } from './erasure';
import { erasureScope } from './erasure-scope';
import { ERASURE_HANDLED } from './erasure-delete';

let c: ReturnType<typeof photoTestClinic>;
let owner: StaffActor;
let world: ReturnType<typeof erasureWorld>;
beforeEach(() => {
	c = photoTestClinic();
	world = erasureWorld(c);
	const o = c.db
		.insert(user)
		.values({
			clinicId: c.clinic.id,
			email: `owner-${newId().slice(0, 8)}@example.test`,
			name: 'Olive Owner',
			role: 'owner',
			passwordHash: 'x'
		})
		.returning()
		.get();
	owner = { user: o, clinicId: c.clinic.id } as StaffActor;
});
afterEach(() => c.cleanup());

const auditCount = () => c.count('audit_event');

describe('erasing a patient', () => {
	it('leaves no row, file or text that names them; audit rows stay, de-identified', async () => {
		const { p, portal } = await world.fullPatient({ publish: true });
		const q = await world.otherPatient();
		const scope = erasureScope(c.db, p, '2026-01-01');
		expect(scope.counts).toMatchObject({
			photos: 4,
			deletedPhotos: 1,
			publishedCases: 1,
			draftCases: 1,
			consents: 3,
			courses: 1,
			sessions: 3,
			contacts: 1,
			mailMessages: 1,
			invitations: 1,
			portalAccount: 1,
			portalSessions: 1,
			passkeys: 1,
			twoFactor: 1,
			trustedDevices: 1
		});
		expect(scope.counts.galleryFiles).toBeGreaterThan(0);
		const theirFiles = c.files().filter((f) => [...scope.ids].some((id) => f.includes(id)));
		expect(theirFiles.length).toBeGreaterThan(6);
		const otherFiles = c.files().filter((f) => !theirFiles.includes(f));
		expect(otherFiles.some((f) => f.includes(q.id) || f.includes('originals'))).toBe(true);
		const auditBefore = auditCount();
		const otherRows = JSON.stringify(
			c.db.$client.prepare('select * from photo where patient_id = ?').all(q.id)
		);

		const words = [NAME.toLowerCase(), EMAIL, 'pat.erasable'];
		const leaks = () =>
			world
				.everyText()
				.filter(
					(t) =>
						[...scope.ids].some((id) => t.value.includes(id)) ||
						words.some((w) => t.value.toLowerCase().includes(w))
				);
		// the search finds them before: it would find any that stayed
		expect(leaks().length).toBeGreaterThan(40);
		expect(new Set(leaks().map((l) => l.at.split('.')[0])).size).toBeGreaterThan(15);

		const preview = erasurePreview(c.db, c.clinic.id, p.id);
		expect(preview.refusal).toBeNull();
		expect(preview.lines.join('\n')).toMatch(/4 photos \(1 already deleted by staff\)/);

		const { tombstoneId, counts } = await erasePatient(
			c.db,
			c.store,
			owner,
			p.id,
			'The patient asked under GDPR Article 17'
		);
		expect(counts.photos).toBe(4);

		// no value anywhere holds an id of theirs, their name or their email
		expect(leaks()).toEqual([]);
		expect(c.count('erasure_pending')).toBe(0);
		expect(c.db.select().from(user).where(eq(user.id, portal.id)).get()).toBeUndefined();

		// no file of theirs, every file of the other patient's
		expect(c.files().filter((f) => theirFiles.includes(f))).toEqual([]);
		expect(c.files().sort()).toEqual(otherFiles.sort());

		// the audit trail keeps its rows (and gains the erasure's), de-identified
		expect(auditCount()).toBe(auditBefore + 1);
		const rows = c.db.$client
			.prepare('select * from audit_event where erased_at is not null')
			.all() as Record<string, unknown>[];
		expect(rows.length).toBeGreaterThan(8);
		for (const r of rows) {
			expect(r.detail).toBeNull();
			expect(r.actor_user_id).not.toBe(portal.id);
		}
		expect(rows.filter((r) => r.target_type === 'erasure').length).toBeGreaterThan(5);
		expect(rows.every((r) => r.target_type !== 'erasure' || r.target_id === tombstoneId)).toBe(
			true
		);
		const own = rows.find((r) => r.action === 'self_rating')!;
		expect(own).toMatchObject({ actor_user_id: null, ip: null, detail: null });
		const erase = c.db.$client
			.prepare("select * from audit_event where action = 'patient_erase'")
			.get() as Record<string, unknown>;
		expect(erase).toMatchObject({ target_type: 'erasure', target_id: tombstoneId, ok: 1 });
		expect(erase.actor_user_id).toBe(owner.user.id);
		expect(erase.detail).toMatch(/photos=4/);

		// the tombstone: when, who, why and how much, nothing more
		const tomb = c.db.$client.prepare('select * from patient_erasure').get() as Record<
			string,
			unknown
		>;
		expect(tomb).toMatchObject({
			id: tombstoneId,
			clinic_id: c.clinic.id,
			erased_by: owner.user.id,
			reason: 'The patient asked under GDPR Article 17'
		});
		expect(JSON.parse(tomb.removed as string)).toMatchObject({ photos: 4, consents: 3 });

		// the other patient is untouched, and consent rows are append-only again
		expect(
			JSON.stringify(c.db.$client.prepare('select * from photo where patient_id = ?').all(q.id))
		).toBe(otherRows);
		expect(c.db.select().from(consent).where(eq(consent.patientId, q.id)).all()).toHaveLength(1);
		expect(() => c.db.delete(consent).where(eq(consent.patientId, q.id)).run()).toThrow(
			/never deleted/
		);
		// and the record is gone for every reader
		expect(() => erasurePreview(c.db, c.clinic.id, p.id)).toThrow(ErasureError);
	}, 60_000); // publishing renders images: seconds on a busy machine

	it('refuses a reason that names the patient, and changes nothing', async () => {
		const { p } = await world.fullPatient();
		const before = world.everyText().length;
		for (const reason of ['', '  ', 'pat test asked', `mail from ${EMAIL}`, 'Asked by Pat']) {
			const refused = await erasePatient(c.db, c.store, owner, p.id, reason).catch((e) => e);
			expect(refused).toBeInstanceOf(ErasureError);
			expect((refused as ErasureError).status).toBe(400);
		}
		expect(world.everyText().length).toBe(before);
		expect(c.count('patient_erasure')).toBe(0);
	});

	it('only the owner may erase, and only a patient of their clinic', async () => {
		const { p } = await world.fullPatient();
		const asClinician = await erasePatient(c.db, c.store, c.actor, p.id, 'asked').catch((e) => e);
		expect((asClinician as ErasureError).status).toBe(404);
		const elsewhere = { ...owner, clinicId: 'another-clinic' } as StaffActor;
		const other = await erasePatient(c.db, c.store, elsewhere, p.id, 'asked').catch((e) => e);
		expect((other as ErasureError).status).toBe(404);
		expect(c.db.select().from(patient).where(eq(patient.id, p.id)).get()).toBeDefined();
	});

	it('keeps a record younger than the retention period, and erases it once older', async () => {
		const { p } = await world.fullPatient();
		writeTx(c.db, (tx) =>
			tx
				.update(clinic)
				.set({ settings: { timeZone: 'UTC', erasureRetentionYears: 8 } })
				.where(eq(clinic.id, c.clinic.id))
				.run()
		);
		// the latest entry: the pipeline photos, taken today
		const now = new Date();
		const preview = erasurePreview(c.db, c.clinic.id, p.id, now);
		expect(preview.refusal?.message).toMatch(
			/Your clinic keeps medical records for 8 years after the last treatment/
		);
		const refused = await erasePatient(c.db, c.store, owner, p.id, 'asked', { now }).catch(
			(e) => e
		);
		expect(refused).toMatchObject({ status: 409 });
		expect((refused as Error).message).toMatch(/cannot be erased before/);
		expect(c.db.select().from(patient).where(eq(patient.id, p.id)).get()).toBeDefined();

		const later = new Date(now.getTime() + 8 * 366 * 86_400_000);
		expect(erasurePreview(c.db, c.clinic.id, p.id, later).refusal).toBeNull();
		await erasePatient(c.db, c.store, owner, p.id, 'asked', { now: later });
		expect(c.db.select().from(patient).where(eq(patient.id, p.id)).get()).toBeUndefined();
	});

	it('is all or nothing: a failure after some deletes leaves the record as it was', async () => {
		const { p, portal } = await world.fullPatient({ publish: true });
		// a row erasure does not know of, pointing at the portal account: deleting the account
		// fails on its foreign key, after the photos, consents and sessions were deleted
		writeTx(c.db, (tx) =>
			tx
				.insert(consentText)
				.values({
					clinicId: c.clinic.id,
					scope: 'treatment',
					version: 'treatment-x',
					seq: 2,
					text: 'x',
					createdBy: portal.id
				})
				.run()
		);
		const files = c.files();
		const before = world.everyText();
		await expect(erasePatient(c.db, c.store, owner, p.id, 'asked')).rejects.toThrow(/FOREIGN KEY/);
		expect(world.everyText()).toEqual(before);
		expect(c.files()).toEqual(files);
		expect(c.count('erasure_pending')).toBe(0);
		expect(c.count('patient_erasure')).toBe(0);
	}, 60_000);

	it('handles every table that can hold a patient’s or their account’s row', () => {
		const refs = /(^|_)(patient|user|photo|case|course|session)_id$/;
		const found = world
			.tables()
			.filter((t) =>
				(c.db.$client.prepare(`pragma table_info("${t}")`).all() as { name: string }[]).some(
					(col) => refs.test(col.name)
				)
			);
		expect(found.length).toBeGreaterThan(15);
		expect(found.filter((t) => !(t in ERASURE_HANDLED))).toEqual([]);
	});
});

describe('photo rows of a soft-deleted photo', () => {
	it('are counted and erased with the rest', async () => {
		const p = c.addPatient(true);
		const id = await world.pipelinePhoto(p);
		await deletePhoto(c.db, c.store, c.actor, id);
		expect(c.db.select().from(photo).where(eq(photo.id, id)).get()?.deletedAt).not.toBeNull();
		const preview = erasurePreview(c.db, c.clinic.id, p.id);
		expect(preview.counts).toMatchObject({ photos: 1, deletedPhotos: 1 });
		await erasePatient(c.db, c.store, owner, p.id, 'Duplicate record made by mistake');
		expect(c.db.select().from(photo).where(eq(photo.id, id)).get()).toBeUndefined();
		expect(c.files().filter((f) => f.includes(id))).toEqual([]);
	});
});

describe('mail written to files', () => {
	it('deletes the .eml copies of the patient’s messages, and no one else’s', async () => {
		const p = c.addPatient(true);
		const q = c.addPatient(true);
		const mail = (patientId: string) =>
			c.db
				.insert(mailMessage)
				.values({
					clinicId: c.clinic.id,
					kind: 'session_reminder',
					toAddress: 'someone@example.test',
					subject: 'Reminder',
					messageId: `<${newId()}@example.test>`,
					patientId,
					status: 'sent',
					transport: 'file'
				})
				.returning()
				.get();
		const mine = mail(p.id);
		const theirs = mail(q.id);
		const dir = path.join(c.dir, 'mail');
		fs.mkdirSync(dir);
		const file = (id: string) => `2026-12-03T02-00-00-000Z-session_reminder-${id}.eml`;
		fs.writeFileSync(path.join(dir, file(mine.id)), 'To: someone');
		fs.writeFileSync(path.join(dir, file(theirs.id)), 'To: someone else');
		await erasePatient(c.db, c.store, owner, p.id, 'Asked to be forgotten', { mailDir: dir });
		expect(fs.readdirSync(dir)).toEqual([file(theirs.id)]);
	});
});
