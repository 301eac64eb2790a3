import sharp from 'sharp';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { consent, galleryCase, galleryImage } from '../db/schema';
import { photoTestClinic } from '$test/support/photo-clinic';
import { revokeConsent } from '../consents/consents';
import { createDraft, GalleryError, updateDraft } from './drafts';
import { publishCase, withdrawCase, withdrawLapsedCases } from './publish';
import { listPublicCases, publicCase, publicImageFile } from './public';
import { caseMaterial as materialFor, draftOf as draftFor } from '$test/support/gallery-material';
import type { CaseRedactions } from '../../domain/redaction';

let c: ReturnType<typeof photoTestClinic>;
beforeEach(() => (c = photoTestClinic()));
afterEach(() => c.cleanup());

const caseMaterial = (opts?: Parameters<typeof materialFor>[1]) => materialFor(c, opts);
const draftOf = (m: Parameters<typeof draftFor>[1]) => draftFor(c, m);
const publicFiles = () => c.files().filter((f) => f.startsWith('public/'));
const imageUrls = (caseId: string) =>
	c.db.select().from(galleryImage).where(eq(galleryImage.caseId, caseId)).all();

describe('gallery: drafts', () => {
	it('fills the labels from the data', async () => {
		const m = await caseMaterial();
		const draft = draftOf(m);
		expect(draft).toMatchObject({
			status: 'draft',
			concern: 'acne_scars',
			area: 'cheeks',
			view: 'front',
			sessionsCount: 3,
			weeksElapsed: 14,
			title: 'Acne scars, cheeks — 3 sessions, 14 weeks apart'
		});
	});

	it('refuses without gallery consent, across views, in the wrong order, and for another clinic', async () => {
		const m = await caseMaterial({ galleryConsent: false });
		const input = { courseId: m.co.id, beforePhotoId: m.before.id, afterPhotoId: m.after.id };
		expect(() => createDraft(c.db, c.actor, input)).toThrow(
			/no active consent to the public gallery/
		);
		const n = await caseMaterial();
		const side = await n.addPhoto('2026-04-13', 'left45');
		const attempt = (i: typeof input) => {
			try {
				createDraft(c.db, c.actor, i);
			} catch (e) {
				return e instanceof GalleryError ? e.status : e;
			}
		};
		expect(attempt({ courseId: n.co.id, beforePhotoId: n.before.id, afterPhotoId: side.id })).toBe(
			400
		);
		expect(
			attempt({ courseId: n.co.id, beforePhotoId: n.after.id, afterPhotoId: n.before.id })
		).toBe(400);
		// a photo of another patient, and a course seen by another clinic's staff
		expect(
			attempt({ courseId: n.co.id, beforePhotoId: m.before.id, afterPhotoId: n.after.id })
		).toBe(404);
		const stranger = { ...c.actor, clinicId: 'someone-else' };
		expect(() =>
			createDraft(c.db, stranger, {
				courseId: n.co.id,
				beforePhotoId: n.before.id,
				afterPhotoId: n.after.id
			})
		).toThrow(GalleryError);
		expect(c.count('gallery_case')).toBe(0);
	});
});

describe('gallery: publishing and taking down', () => {
	const redactions: CaseRedactions = {
		before: {
			crop: { x: 0.1, y: 0.1, w: 0.6, h: 0.6 },
			masks: [{ kind: 'bar', x: 0, y: 0, w: 1, h: 0.2 }]
		},
		after: {
			crop: { x: 0.2, y: 0.2, w: 0.6, h: 0.6 },
			masks: [{ kind: 'blur', x: 0.3, y: 0.3, w: 0.3, h: 0.3 }]
		}
	};

	async function published() {
		const m = await caseMaterial();
		const draft = draftOf(m);
		updateDraft(c.db, c.actor, draft.id, { redactions });
		const row = await publishCase(c.db, c.store, c.actor, draft.id);
		return { ...m, row };
	}

	it('makes redacted, metadata-free public images of one common size', async () => {
		const { row } = await published();
		expect(row.status).toBe('published');
		const images = imageUrls(row.id);
		const widths = (which: string) =>
			images
				.filter((i) => i.which === which && i.format === 'webp')
				.map((i) => `${i.width}x${i.height}`);
		expect(widths('before')).toEqual(widths('after'));
		expect(images.some((i) => i.which === 'og' && i.width === 1200 && i.height === 630)).toBe(true);
		for (const img of images) {
			const bytes = await c.store.read(img.key);
			const meta = await sharp(bytes).metadata();
			expect(meta.exif, img.key).toBeUndefined();
			expect(meta.xmp).toBeUndefined();
			expect(meta.iptc).toBeUndefined();
			expect(bytes.includes(Buffer.from('NIKON'))).toBe(false);
			expect(bytes.includes(Buffer.from('GPS'))).toBe(false);
		}
		// the eye bar covers the top of the before photo (0–0.2 of the photo, inside the crop's
		// first sixth): the first rows are the bar's near-black
		const before = images.find(
			(i) => i.which === 'before' && i.format === 'webp' && i.width === 320
		)!;
		const { data, info } = await sharp(await c.store.read(before.key))
			.raw()
			.toBuffer({ resolveWithObject: true });
		const top = data.subarray(0, info.width * info.channels * 4);
		expect(Math.max(...top)).toBeLessThan(40);
		const middle = data.subarray(Math.floor(info.height / 2) * info.width * info.channels);
		expect(Math.max(...middle.subarray(0, info.width * info.channels))).toBeGreaterThan(60);
	});

	it('lists only published, consented cases, and their image URLs serve files', async () => {
		const { row } = await published();
		const list = listPublicCases(c.db, c.clinic.id, {});
		expect(list.total).toBe(1);
		expect(list.cases[0].id).toBe(row.id);
		expect(JSON.stringify(list)).not.toMatch(/private|Pat Test|originals/);
		const url = list.cases[0].after.variants[0].url;
		const [, , , token, file] = url.split('/');
		expect(publicImageFile(c.db, token, file)).not.toBeNull();
		expect(listPublicCases(c.db, c.clinic.id, { concern: 'wrinkles' }).total).toBe(0);
		expect(listPublicCases(c.db, c.clinic.id, { concern: 'acne_scars', sessions: 3 }).total).toBe(
			1
		);
	});

	it('withdrawal deletes every public row and file in one step', async () => {
		const { row } = await published();
		const urls = imageUrls(row.id);
		expect(publicFiles().length).toBe(urls.length);
		await withdrawCase(c.db, c.store, c.actor, row.id);
		for (const img of urls) {
			expect(
				publicImageFile(
					c.db,
					img.token,
					`${img.width}.${img.format === 'jpeg' ? 'jpg' : img.format}`
				)
			).toBeNull();
		}
		expect(publicFiles()).toEqual([]);
		expect(imageUrls(row.id)).toEqual([]);
		expect(publicCase(c.db, c.clinic.id, row.id)).toBeNull();
		expect(c.db.select().from(galleryCase).where(eq(galleryCase.id, row.id)).get()?.status).toBe(
			'withdrawn'
		);
	});

	it('revoking the gallery consent deletes the public files', async () => {
		const { row, p } = await published();
		const g = c.db
			.select()
			.from(consent)
			.where(eq(consent.patientId, p.id))
			.all()
			.find((k) => k.scope === 'gallery_public')!;
		await revokeConsent(c.db, c.store, c.actor, p, g.id, 'changed mind');
		expect(publicFiles()).toEqual([]);
		expect(listPublicCases(c.db, c.clinic.id, {}).total).toBe(0);
		expect(c.db.select().from(galleryCase).where(eq(galleryCase.id, row.id)).get()?.status).toBe(
			'withdrawn'
		);
	});

	it('a consent that lapses hides the case at once; the sweep then deletes its files', async () => {
		const m = await caseMaterial({ expiresAt: new Date(Date.now() + 60_000) });
		const draft = draftOf(m);
		await publishCase(c.db, c.store, c.actor, draft.id);
		const later = new Date(Date.now() + 120_000);
		const img = imageUrls(draft.id)[0];
		expect(
			publicImageFile(
				c.db,
				img.token,
				`${img.width}.${img.format === 'jpeg' ? 'jpg' : img.format}`,
				later
			)
		).toBeNull();
		expect(listPublicCases(c.db, c.clinic.id, {}, 1, later).total).toBe(0);
		expect(await withdrawLapsedCases(c.db, c.store, later)).toBe(1);
		expect(publicFiles()).toEqual([]);
	});

	it('publishing checks the consent again and leaves no file behind when refused', async () => {
		const m = await caseMaterial();
		const draft = draftOf(m);
		c.db
			.update(consent)
			.set({ revokedAt: new Date(), revokedReason: 'x', revokedBy: c.clinician.id })
			.where(eq(consent.scope, 'gallery_public'))
			.run();
		await expect(publishCase(c.db, c.store, c.actor, draft.id)).rejects.toThrow(
			/no active consent/
		);
		expect(publicFiles()).toEqual([]);
		expect(c.count('gallery_image')).toBe(0);
	});

	it('crops of different shapes are refused', async () => {
		const m = await caseMaterial();
		const draft = draftOf(m);
		updateDraft(c.db, c.actor, draft.id, {
			redactions: {
				before: { crop: { x: 0, y: 0, w: 0.5, h: 0.5 }, masks: [] },
				after: { crop: { x: 0, y: 0, w: 1, h: 0.5 }, masks: [] }
			}
		});
		await expect(publishCase(c.db, c.store, c.actor, draft.id)).rejects.toThrow(/different shapes/);
		expect(publicFiles()).toEqual([]);
	});

	it('deleting a photo takes its public case down', async () => {
		const { row, after } = await published();
		const { deletePhoto } = await import('../photos/delete');
		await deletePhoto(c.db, c.store, c.actor, after.id);
		expect(publicFiles()).toEqual([]);
		expect(c.db.select().from(galleryCase).where(eq(galleryCase.id, row.id)).get()?.status).toBe(
			'withdrawn'
		);
	});
});
