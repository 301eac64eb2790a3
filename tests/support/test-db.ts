import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDatabase, writeTx, type Db } from '../../src/lib/server/db/client';
import { clinic, consent, patient, user } from '../../src/lib/server/db/schema';

/** A fresh database file in its own temp folder, for tests that must not share state. */
export function tempDb(): { db: Db; dir: string; cleanup: () => void } {
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'resurface-test-'));
	const db = openDatabase(path.join(dir, 'test.db'), path.resolve('drizzle'));
	return {
		db,
		dir,
		cleanup: () => {
			db.$client.close();
			fs.rmSync(dir, { recursive: true, force: true });
		}
	};
}

/** Inserts a clinic and one user of the given role; the hash is a placeholder. */
export function seedUser(db: Db, role: 'owner' | 'clinician' | 'frontdesk' | 'patient' = 'owner') {
	return writeTx(db, (tx) => {
		const c = tx
			.insert(clinic)
			.values({ slug: `c-${crypto.randomUUID().slice(0, 8)}`, name: 'Test clinic' })
			.returning()
			.get();
		const u = tx
			.insert(user)
			.values({
				clinicId: c.id,
				email: `${role}-${crypto.randomUUID().slice(0, 8)}@example.test`,
				name: 'Test user',
				role,
				passwordHash: 'x'
			})
			.returning()
			.get();
		return { clinic: c, user: u };
	});
}

/** Inserts a patient of the clinic who has, unless told otherwise, consented to clinical
 * photos a second ago (recorded by `recordedBy`), so an upload for them is taken. */
export function seedPatient(
	db: Db,
	clinicId: string,
	recordedBy: string,
	displayName: string,
	withConsent = true
) {
	return writeTx(db, (tx) => {
		const p = tx.insert(patient).values({ clinicId, displayName }).returning().get();
		if (withConsent) {
			tx.insert(consent)
				.values({
					clinicId,
					patientId: p.id,
					scope: 'photos_private',
					textVersion: 'v1',
					signedName: displayName,
					grantedAt: new Date(Date.now() - 1000),
					recordedBy
				})
				.run();
		}
		return p;
	});
}
