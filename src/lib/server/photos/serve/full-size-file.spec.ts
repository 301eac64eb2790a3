import fs from 'node:fs';
import sharp from 'sharp';
import { eq } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { photo, photoVariant } from '../../db/schema';
import { photoTestClinic, uploadRequest } from '$test/support/photo-clinic';
import { handlePhotoUpload } from '../intake/upload-request';
import { processPhoto } from '../pipeline/process';
import { fullSizeFile } from './full-size-file';
import { listPhotos } from './list';
import { deletePhoto } from '../delete';
import { sweepOrphans } from '../pipeline/sweep';

let c: ReturnType<typeof photoTestClinic>;
afterEach(() => c?.cleanup());

async function readyPhoto() {
	c = photoTestClinic();
	const p = c.addPatient();
	const bytes = await sharp({
		create: { width: 640, height: 480, channels: 3, background: '#c99' }
	})
		.jpeg()
		.toBuffer();
	const out = await handlePhotoUpload(
		c.db,
		c.store,
		c.actor,
		p,
		uploadRequest([{ name: 'a.jpg', bytes }])
	);
	const id = out.files[0].id!;
	await processPhoto(c.db, c.store, id);
	return c.db.select().from(photo).where(eq(photo.id, id)).get()!;
}

describe('the full-size JPEG', () => {
	it('is made once, kept as a variant file, and not listed among the web variants', async () => {
		const ph = await readyPhoto();
		const [first, second] = await Promise.all([
			fullSizeFile(c.db, c.store, ph, 'u'),
			fullSizeFile(c.db, c.store, ph, 'u')
		]);
		expect(second).toEqual(first);
		const path = c.store.localPath(first!.key)!;
		const made = fs.statSync(path).mtimeMs;
		expect(await fullSizeFile(c.db, c.store, ph, 'u')).toEqual(first);
		expect(fs.statSync(path).mtimeMs).toBe(made);
		const rows = c.db.select().from(photoVariant).where(eq(photoVariant.format, 'jpeg')).all();
		expect(rows).toMatchObject([{ photoId: ph.id, width: 640, height: 480, key: first!.key }]);
		expect(await sharp(path).metadata()).toMatchObject({ format: 'jpeg', width: 640 });
		expect(listPhotos(c.db, ph.patientId)[0].variants.map((v) => v.format)).not.toContain('jpeg');
		// the sweep keeps it: a live row points to it
		expect(await sweepOrphans(c.db, c.store, new Date(Date.now() + 86_400_000))).toBe(0);
		expect(fs.existsSync(path)).toBe(true);
	});

	it('goes with its photo, and is made again if its file went missing', async () => {
		const ph = await readyPhoto();
		const made = (await fullSizeFile(c.db, c.store, ph, 'u'))!;
		await c.store.delete(made.key);
		expect(await fullSizeFile(c.db, c.store, ph, 'u')).toEqual(made);
		expect(await deletePhoto(c.db, c.store, c.actor, ph.id)).toBe(true);
		expect(fs.existsSync(c.store.localPath(made.key)!)).toBe(false);
		const gone = c.db.select().from(photo).where(eq(photo.id, ph.id)).get()!;
		expect(await fullSizeFile(c.db, c.store, gone, 'u')).toBeNull();
	});
});
