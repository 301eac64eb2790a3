// The watermark is on every public image of a case (each width and format, the card) and on
// nothing private: compared pixel by pixel with the same render without it.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { galleryImage, photo, photoVariant } from '../db/schema';
import { photoTestClinic } from '$test/support/photo-clinic';
import { caseMaterial, draftOf } from '$test/support/gallery-material';
import {
	CORNERS,
	markedAt,
	rawOf,
	regionDiff,
	storedRaw,
	WATERMARK_ON
} from '$test/support/watermark-material';
import { publishCase } from './publish';
import { updateDraft } from './drafts';
import { renderCaseImages } from './render';
import { photoSource } from './sources';
import { restampClinic } from './restamp-job';
import { startWorker } from '../jobs/worker';
import { backgroundJobs } from '../platform/background-jobs';
import { processPhoto } from '../photos/pipeline/process';
import { saveWatermark } from '../clinic/watermark-settings';
import { sha256Hex } from './provenance';
import { NO_REDACTION } from '../../domain/redaction';

let c: ReturnType<typeof photoTestClinic>;
beforeEach(() => (c = photoTestClinic()));
afterEach(() => c.cleanup());

const ON = WATERMARK_ON;
const images = (caseId: string) =>
	c.db.select().from(galleryImage).where(eq(galleryImage.caseId, caseId)).all();

describe('watermark on public images', { timeout: 120_000 }, () => {
	it('is drawn in the chosen corner of every public width and format, and on the card', async () => {
		const m = await caseMaterial(c);
		const draft = draftOf(c, m);
		saveWatermark(c.db, c.actor, ON);
		const row = await publishCase(c.db, c.store, c.actor, draft.id);
		// the same case rendered without the mark
		const plain = await renderCaseImages(
			photoSource(c.db, c.store, m.before.id, NO_REDACTION.before),
			photoSource(c.db, c.store, m.after.id, NO_REDACTION.after),
			{ align: null, formats: ['webp'], og: true }
		);
		const published = images(row.id);
		expect(published.length).toBe(plain.length);
		expect(new Set(published.map((i) => i.width)).size).toBeGreaterThan(1);
		for (const img of published) {
			const twin = plain.find(
				(p) => p.which === img.which && p.width === img.width && p.format === img.format
			)!;
			const marked = await storedRaw(c.store, img.key);
			const bare = await rawOf(twin.data);
			const where = `${img.which} ${img.width}.${img.format}`;
			const found = markedAt(marked, bare, CORNERS['bottom-right'], CORNERS['top-left']);
			expect(found, where).toMatchObject({ ok: true });
		}
	});

	it('is on the AVIF renditions its job adds later too', async () => {
		const m = await caseMaterial(c);
		const draft = draftOf(c, m);
		// a quarter of the photo: one public width, so the AVIF encodes are few
		const small = { crop: { x: 0.25, y: 0.25, w: 0.5, h: 0.5 }, masks: [] };
		updateDraft(c.db, c.actor, draft.id, { redactions: { before: small, after: small } });
		saveWatermark(c.db, c.actor, ON);
		const row = await publishCase(c.db, c.store, c.actor, draft.id);
		const worker = startWorker(c.db, backgroundJobs(c.db, c.store));
		await worker.idle();
		await worker.stop();
		const plain = await renderCaseImages(
			photoSource(c.db, c.store, m.before.id, small),
			photoSource(c.db, c.store, m.after.id, small),
			{ align: null, formats: ['avif'], og: false }
		);
		const avif = images(row.id).filter((i) => i.format === 'avif');
		expect(avif.length).toBe(plain.length);
		for (const img of avif) {
			const bare = plain.find((p) => p.which === img.which && p.width === img.width)!;
			const found = markedAt(
				await storedRaw(c.store, img.key),
				await rawOf(bare.data),
				CORNERS['bottom-right'],
				CORNERS['top-left']
			);
			expect(found, `${img.which} ${img.width}.avif`).toMatchObject({ ok: true });
		}
	});

	it('never touches a private photo or its variants', async () => {
		const m = await caseMaterial(c);
		// both photos are the same original: processed with the mark off, then on
		c.db.update(photo).set({ status: 'processing' }).run();
		await processPhoto(c.db, c.store, m.after.id);
		saveWatermark(c.db, c.actor, ON);
		await processPhoto(c.db, c.store, m.before.id);
		const variants = (photoId: string) =>
			c.db.select().from(photoVariant).where(eq(photoVariant.photoId, photoId)).all();
		const made = variants(m.before.id);
		expect(made.length).toBeGreaterThan(0);
		for (const v of made) {
			const twin = variants(m.after.id).find((x) => x.width === v.width && x.format === v.format)!;
			const on = await c.store.read(v.key);
			const off = await c.store.read(twin.key);
			expect(sha256Hex(on), `${v.width}.${v.format}`).toBe(sha256Hex(off));
			expect(regionDiff(await rawOf(on), await rawOf(off), CORNERS['bottom-right'])).toBe(0);
		}

		// publishing, and re-rendering for a new position, leave every private file as it was
		const privateFiles = async () => {
			const out: Record<string, string> = {};
			for (const f of c.files().filter((x) => x.startsWith('private/'))) {
				out[f] = sha256Hex(await c.store.read(f));
			}
			return out;
		};
		const before = await privateFiles();
		const row = await publishCase(c.db, c.store, c.actor, draftOf(c, m).id);
		saveWatermark(c.db, c.actor, { ...ON, position: 'top-left' });
		expect(await restampClinic(c.db, c.store, { clinicId: c.clinic.id })).toBe(1);
		expect(images(row.id).length).toBeGreaterThan(0);
		expect(await privateFiles()).toEqual(before);
	});
});
