// The erasure spec's world: a patient with something in every part of the record (photos
// through the real pipeline, a published case, consents, mail, a portal account with every
// kind of credential), another patient beside them, and a way to read every text value left.
import fs from 'node:fs';
import path from 'node:path';
import { expect } from 'vitest';
import { eq } from 'drizzle-orm';
import { writeTx } from '../../src/lib/server/db/client';
import {
	invitation,
	job,
	mailMessage,
	passkey,
	patient,
	patientContact,
	recoveryCode,
	signInAttempt,
	totpCredential,
	trustedDevice,
	user,
	type Patient
} from '../../src/lib/server/db/schema';
import { handlePhotoUpload } from '../../src/lib/server/photos/intake/upload-request';
import { processPhoto } from '../../src/lib/server/photos/pipeline/process';
import { deletePhoto } from '../../src/lib/server/photos/delete';
import { publishCase } from '../../src/lib/server/gallery/publish';
import { recordConsent, revokeConsent } from '../../src/lib/server/consents/consents';
import { preference } from '../../src/lib/server/mail/outbox';
import { createSession } from '../../src/lib/server/auth/session';
import { accountKey } from '../../src/lib/server/auth/throttle';
import { audit } from '../../src/lib/server/audit/audit';
import { newId } from '../../src/lib/server/platform/ids';
import { photoTestClinic, uploadRequest } from './photo-clinic';
import { caseMaterial, draftOf } from './gallery-material';
import { seedPatient } from './test-db';

const PHOTO = fs.readFileSync(
	path.resolve('../shared/fixtures/photos/exif/gps-nikon-DSCN0010.jpg')
);
export const NAME = 'Pat Test';
export const EMAIL = 'pat.erasable@example.test';

/** The builders, bound to one test's clinic. */
export function erasureWorld(c: ReturnType<typeof photoTestClinic>) {
	async function pipelinePhoto(p: Patient, fields: Record<string, string> = { view: 'front' }) {
		const out = await handlePhotoUpload(
			c.db,
			c.store,
			c.actor,
			p,
			uploadRequest([{ name: 'p.jpg', bytes: PHOTO }], fields)
		);
		const id = out.files[0].id!;
		expect(await processPhoto(c.db, c.store, id)).toBe('ready');
		return id;
	}

	/** A patient with something in every part of the record, and a portal account in use. */
	async function fullPatient(opts: { publish?: boolean } = {}) {
		const m = await caseMaterial(c);
		writeTx(c.db, (tx) =>
			tx
				.update(patient)
				.set({ email: EMAIL, phone: '+441632960123', birthYear: 1990, fitzpatrick: 3 })
				.where(eq(patient.id, m.p.id))
				.run()
		);
		const p = c.db.select().from(patient).where(eq(patient.id, m.p.id)).get()!;
		// a published case with public files, and a draft
		// (rendering takes seconds: only where the public files matter)
		const published = draftOf(c, m);
		if (opts.publish) {
			await publishCase(c.db, c.store, c.actor, published.id);
		}
		draftOf(c, m);
		// photos through the real pipeline: one kept, one deleted by staff
		await pipelinePhoto(p);
		const gone = await pipelinePhoto(p, { view: 'left45' });
		await deletePhoto(c.db, c.store, c.actor, gone);
		// a consent given and withdrawn, with a reason that names the patient
		const t = recordConsent(c.db, c.actor, p, {
			scope: 'treatment',
			signedName: NAME,
			signature: 'data:image/png;base64,AAAA',
			expiresAt: null
		});
		await revokeConsent(c.db, c.store, c.actor, p, t.id, `${NAME} changed their mind`);
		writeTx(c.db, (tx) => {
			tx.insert(patientContact)
				.values({
					clinicId: c.clinic.id,
					patientId: p.id,
					channel: 'phone',
					outcome: 'booked',
					note: `Spoke to ${NAME}`,
					contactedBy: c.clinician.id,
					contactedAt: new Date()
				})
				.run();
			preference(tx, p.id, 'session_reminder');
			const mailId = tx
				.insert(mailMessage)
				.values({
					clinicId: c.clinic.id,
					kind: 'session_reminder',
					toAddress: EMAIL,
					subject: `Hello ${NAME}`,
					textBody: `Dear ${NAME}`,
					messageId: `<${newId()}@example.test>`,
					patientId: p.id
				})
				.returning()
				.get().id;
			tx.insert(job).values({ kind: 'mail.send', payload: { mailId }, runAfter: new Date() }).run();
			tx.insert(invitation)
				.values({
					id: newId(),
					clinicId: c.clinic.id,
					email: EMAIL,
					name: NAME,
					role: 'patient',
					patientId: p.id,
					createdBy: c.clinician.id,
					expiresAt: new Date(Date.now() + 86_400_000)
				})
				.run();
		});
		// the portal account, signed in, with a passkey and an authenticator app
		const portal = writeTx(c.db, (tx) => {
			const u = tx
				.insert(user)
				.values({
					clinicId: c.clinic.id,
					email: EMAIL,
					name: NAME,
					role: 'patient',
					passwordHash: 'x'
				})
				.returning()
				.get();
			tx.update(patient).set({ userId: u.id }).where(eq(patient.id, p.id)).run();
			const now = new Date();
			tx.insert(passkey)
				.values({
					id: newId(),
					userId: u.id,
					name: `${NAME}’s phone`,
					publicKey: 'k',
					createdAt: now
				})
				.run();
			tx.insert(totpCredential).values({ userId: u.id, key: 'KEY', createdAt: now }).run();
			tx.insert(recoveryCode).values({ userId: u.id, codeHash: 'h', createdAt: now }).run();
			tx.insert(trustedDevice)
				.values({
					id: newId(),
					userId: u.id,
					secretHash: 'h',
					createdAt: now,
					lastUsedAt: now,
					expiresAt: new Date(Date.now() + 86_400_000)
				})
				.run();
			tx.insert(signInAttempt)
				.values({ key: accountKey(EMAIL), failures: 1, lockedUntil: now, lastFailureAt: now })
				.run();
			return u;
		});
		createSession(c.db, portal.id);
		// the patient's own doing, and a staff note naming them, in the audit log
		audit(c.db, {
			clinicId: c.clinic.id,
			actorUserId: portal.id,
			action: 'self_rating',
			targetType: 'treatment_session',
			targetId: newId(),
			ok: true,
			detail: 'rated 8'
		});
		audit(c.db, {
			clinicId: c.clinic.id,
			actorUserId: c.clinician.id,
			action: 'note',
			ok: true,
			detail: `asked about ${NAME.toUpperCase()}`
		});
		return { p: c.db.select().from(patient).where(eq(patient.id, p.id)).get()!, portal };
	}

	/** Another patient of the clinic, with a photo, a consent and a course of their own. */
	async function otherPatient() {
		const q = seedPatient(c.db, c.clinic.id, c.clinician.id, 'Robin Other');
		await pipelinePhoto(q);
		return q;
	}

	const tables = () =>
		(
			c.db.$client
				.prepare("select name from sqlite_master where type = 'table' and name not like 'sqlite_%'")
				.all() as { name: string }[]
		).map((t) => t.name);

	/** Every text value in the database, with where it is. */
	function everyText(): { at: string; value: string }[] {
		const out: { at: string; value: string }[] = [];
		for (const t of tables()) {
			for (const row of c.db.$client.prepare(`select * from "${t}"`).all() as Record<
				string,
				unknown
			>[]) {
				for (const [col, v] of Object.entries(row)) {
					if (typeof v === 'string') {
						out.push({ at: `${t}.${col}`, value: v });
					}
				}
			}
		}
		return out;
	}

	return { pipelinePhoto, fullPatient, otherPatient, tables, everyText };
}
