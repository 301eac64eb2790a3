// Shared by the gallery specs: a consenting patient with a course and two front photos whose
// originals are real JPEGs, so publishing and previews can render them.
import fs from 'node:fs';
import path from 'node:path';
import { consent, course, photo, treatmentSession } from '../../src/lib/server/db/schema';
import { keys } from '../../src/lib/server/storage';
import type { photoTestClinic } from './photo-clinic';
import { createDraft } from '../../src/lib/server/gallery/drafts';

const GPS_PHOTO = path.resolve('../shared/fixtures/photos/exif/gps-nikon-DSCN0010.jpg');

type TestClinic = ReturnType<typeof photoTestClinic>;

/** A patient with gallery consent, a 3-session course and a ready photo of the front at the first and last. */
export async function caseMaterial(
	c: TestClinic,
	opts: { galleryConsent?: boolean; expiresAt?: Date } = {}
) {
	const p = c.addPatient(true);
	if (opts.galleryConsent !== false) {
		c.db
			.insert(consent)
			.values({
				clinicId: c.clinic.id,
				patientId: p.id,
				scope: 'gallery_public',
				textVersion: 'v1',
				signedName: 'Pat Test',
				grantedAt: new Date(Date.now() - 1000),
				expiresAt: opts.expiresAt ?? null,
				recordedBy: c.clinician.id
			})
			.run();
	}
	const co = c.db
		.insert(course)
		.values({
			clinicId: c.clinic.id,
			patientId: p.id,
			concern: 'acne_scars',
			areas: ['cheeks'],
			plannedSessions: 3,
			intervalWeeks: 4,
			startedOn: '2026-01-05'
		})
		.returning()
		.get();
	for (const on of ['2026-01-05', '2026-02-02', '2026-03-02']) {
		c.db
			.insert(treatmentSession)
			.values({ clinicId: c.clinic.id, courseId: co.id, performedOn: on })
			.run();
	}
	const addPhoto = async (takenOn: string, view: 'front' | 'left45' = 'front') => {
		const id = crypto.randomUUID().replaceAll('-', '');
		const key = keys.original(id);
		await c.store.put(key, fs.readFileSync(GPS_PHOTO));
		return c.db
			.insert(photo)
			.values({
				id,
				clinicId: c.clinic.id,
				patientId: p.id,
				view,
				takenOn,
				status: 'ready',
				sha256: id,
				originalKey: key,
				originalType: 'image/jpeg',
				originalBytes: 1,
				uploadedBy: c.clinician.id
			})
			.returning()
			.get();
	};
	return {
		p,
		co,
		before: await addPhoto('2026-01-05'),
		after: await addPhoto('2026-04-13'),
		addPhoto
	};
}

/** A draft of the material's first and latest front photos. */
export const draftOf = (
	c: TestClinic,
	m: { co: { id: string }; before: { id: string }; after: { id: string } }
) =>
	createDraft(c.db, c.actor, {
		courseId: m.co.id,
		beforePhotoId: m.before.id,
		afterPhotoId: m.after.id
	});
