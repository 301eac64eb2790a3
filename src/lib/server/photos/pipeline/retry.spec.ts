import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { auditEvent, photo } from '../../db/schema';
import { handlePhotoUpload } from '../intake/upload-request';
import { retryPhoto } from './retry';
import { photoTestClinic, uploadRequest } from '$test/support/photo-clinic';

const bytes = fs.readFileSync(
	path.resolve('../shared/fixtures/photos/exif/gps-nikon-DSCN0010.jpg')
);

let c: ReturnType<typeof photoTestClinic>;
beforeEach(() => (c = photoTestClinic()));
afterEach(() => c.cleanup());

async function uploadedPhoto(): Promise<string> {
	const p = c.addPatient();
	const out = await handlePhotoUpload(
		c.db,
		c.store,
		c.actor,
		p,
		uploadRequest([{ name: 'a.jpg', bytes }])
	);
	return out.files[0].id!;
}

const retries = () =>
	c.db.select().from(auditEvent).where(eq(auditEvent.action, 'photo_retry')).all();

describe('retryPhoto', () => {
	it('sends a failed photo through again, with its job and its audit row in the same write', async () => {
		const id = await uploadedPhoto();
		c.db
			.update(photo)
			.set({ status: 'failed', failureReason: 'decode' })
			.where(eq(photo.id, id))
			.run();

		expect(retryPhoto(c.db, c.actor, id)).toBe(true);
		const row = c.db.select().from(photo).where(eq(photo.id, id)).get()!;
		expect(row).toMatchObject({ status: 'processing', failureReason: null });
		expect(c.count('job')).toBe(2);
		expect(retries()).toMatchObject([{ targetId: id, actorUserId: c.clinician.id, ok: true }]);
	});

	it('leaves a photo that has not failed alone and records nothing', async () => {
		const id = await uploadedPhoto();
		expect(retryPhoto(c.db, c.actor, id)).toBe(false);
		expect(c.count('job')).toBe(1);
		expect(retries()).toEqual([]);
	});
});
