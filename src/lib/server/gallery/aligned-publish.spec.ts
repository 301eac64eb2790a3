// The after photo published in the before's frame: a synthetic pair made by moving a real photo
// with a known similarity (bilinear, written here, not with the code under test), aligned rows
// inserted as the alignment job would, then the public images compared.
import path from 'node:path';
import sharp, { type OutputInfo } from 'sharp';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { galleryImage, photo, photoAlignment } from '../db/schema';
import { photoTestClinic } from '$test/support/photo-clinic';
import { caseMaterial, draftOf } from '$test/support/gallery-material';
import { updateDraft } from './drafts';
import { publishCase } from './publish';
import { publicCase } from './public';
import { publicProvenance } from './provenance-record';
import { pairAlignment } from './alignment';
import { aboutCentre, apply, compose, invert, type Similarity } from '../photos/align/similarity';
import { provenanceWords, type AlignOperation } from '../../domain/provenance';
import type { CaseRedactions } from '../../domain/redaction';

let c: ReturnType<typeof photoTestClinic>;
beforeEach(() => (c = photoTestClinic()));
afterEach(() => c.cleanup());

const SOURCE = path.resolve('../shared/fixtures/photos/exif/gps-nikon-DSCN0010.jpg');

/** The photo as the before → after similarity `t` moves it, on a `width` × `height` canvas. */
async function moved(t: Similarity, width: number, height: number): Promise<Buffer> {
	const { data: src, info } = await sharp(SOURCE)
		.autoOrient()
		.removeAlpha()
		.raw()
		.toBuffer({ resolveWithObject: true });
	const back = invert(t);
	const out = Buffer.alloc(width * height * 3, 0);
	const at = (x: number, y: number, ch: number) => src[(y * info.width + x) * 3 + ch];
	for (let y = 0; y < height; y++) {
		for (let x = 0; x < width; x++) {
			const [sx, sy] = apply(back, [x, y]);
			const [x0, y0] = [Math.floor(sx), Math.floor(sy)];
			if (x0 < 0 || y0 < 0 || x0 + 1 >= info.width || y0 + 1 >= info.height) {
				continue;
			}
			const [fx, fy] = [sx - x0, sy - y0];
			for (let ch = 0; ch < 3; ch++) {
				const top = at(x0, y0, ch) * (1 - fx) + at(x0 + 1, y0, ch) * fx;
				const bottom = at(x0, y0 + 1, ch) * (1 - fx) + at(x0 + 1, y0 + 1, ch) * fx;
				out[(y * width + x) * 3 + ch] = Math.round(top * (1 - fy) + bottom * fy);
			}
		}
	}
	return sharp(out, { raw: { width, height, channels: 3 } })
		.jpeg({ quality: 95 })
		.toBuffer();
}

const rawOf = async (key: string) =>
	sharp(await c.store.read(key))
		.removeAlpha()
		.raw()
		.toBuffer({ resolveWithObject: true });

/** Mean absolute difference per channel over the middle of two same-sized images. */
function meanDiff(
	a: { data: Buffer; info: OutputInfo },
	b: { data: Buffer; info: OutputInfo },
	shiftX = 0
) {
	const { width, height } = a.info;
	const m = Math.round(width * 0.15);
	let [sum, n] = [0, 0];
	for (let y = m; y < height - m; y++) {
		for (let x = m; x < width - m; x++) {
			for (let ch = 0; ch < 3; ch++) {
				sum += Math.abs(
					a.data[(y * width + x) * 3 + ch] - b.data[(y * width + x + shiftX) * 3 + ch]
				);
				n++;
			}
		}
	}
	return sum / n;
}

// the before's crop: the middle of the 640 × 480 photo, inside what the moved copy still shows
const CROP = { x: 0.25, y: 0.2, w: 0.5, h: 0.6 };
// before → after: 7.2× larger (the after is 4608 px wide, so publish decodes it smaller than
// its original and the transform has to be rescaled), turned 6°, shifted
const BEFORE_TO_AFTER = aboutCentre(7.2, 6, [320, 240], [2000, 1500]);
const AFTER_SIZE = { width: 4608, height: 3456 };

async function alignedPair(status: 'aligned' | 'unsure' = 'aligned') {
	const m = await caseMaterial(c);
	await c.store.put(
		m.after.originalKey,
		await moved(BEFORE_TO_AFTER, AFTER_SIZE.width, AFTER_SIZE.height)
	);
	c.db.update(photo).set(AFTER_SIZE).where(eq(photo.id, m.after.id)).run();
	c.db.update(photo).set({ width: 640, height: 480 }).where(eq(photo.id, m.before.id)).run();
	const row = (photoId: string, fields: Partial<typeof photoAlignment.$inferInsert>) =>
		c.db
			.insert(photoAlignment)
			.values({ photoId, status: 'baseline', analysedAt: new Date(), ...fields })
			.run();
	row(m.before.id, {});
	// the job stores after → baseline (here: the before)
	row(m.after.id, {
		status,
		baselineId: m.before.id,
		method: 'test',
		confidence: 0.9,
		...invert(BEFORE_TO_AFTER)
	});
	const redactions: CaseRedactions = {
		before: { crop: CROP, masks: [] },
		// the after's own crop (its frame as taken) has the same shape, elsewhere in its pixels
		after: { crop: { x: 0.1, y: 0.1, w: 0.5, h: 0.6 }, masks: [] }
	};
	const draft = draftOf(c, m);
	updateDraft(c.db, c.actor, draft.id, { redactions });
	const published = await publishCase(c.db, c.store, c.actor, draft.id);
	return { ...m, row: published };
}

describe('publish: the after photo aligned to the before', { timeout: 90_000 }, () => {
	it('renders the after in the before’s frame, within a pixel', async () => {
		const { row } = await alignedPair();
		const shown = publicCase(c.db, c.clinic.id, row.id)!;
		expect(shown.aligned).toBe(true);
		const rows = c.db.select().from(galleryImage).where(eq(galleryImage.caseId, row.id)).all();
		const webp = (token: string) =>
			rows
				.filter((r) => r.token === token && r.format === 'webp')
				.sort((a, b) => b.width - a.width)[0];
		const urlToken = (url: string) => url.split('/')[3];
		const before = await rawOf(webp(urlToken(shown.before.variants[0].url)).key);
		const after = await rawOf(webp(urlToken(shown.after.variants[0].url)).key);
		const asTaken = await rawOf(webp(urlToken(shown.afterAsTaken!.variants[0].url)).key);
		expect(after.info.width).toBe(before.info.width);
		expect(after.info.height).toBe(before.info.height);
		const aligned = meanDiff(before, after);
		// what one pixel of misregistration costs in this photo
		const onePixel = meanDiff(before, before, 1);
		const unaligned = meanDiff(before, asTaken);
		// measured: 4.9 against 22.8 for a one-pixel shift of the before itself, 50.2 as taken
		expect(aligned).toBeLessThan(onePixel / 3);
		// the as-taken after shows another part of the scene
		expect(unaligned).toBeGreaterThan(2 * onePixel);
	});

	it('lists the align step in the record, and the as-taken files beside the aligned', async () => {
		const { row } = await alignedPair();
		const r = (await publicProvenance(c.db, c.store, c.clinic.slug, row.id, 'https://x'))!;
		const align = r.operations.after[0] as AlignOperation;
		const expected = invert(BEFORE_TO_AFTER);
		expect(align).toMatchObject({ op: 'align', to: 'before', method: 'test', confidence: 0.9 });
		expect(align.scale).toBeCloseTo(expected.scale, 6);
		expect(align.rotationDeg).toBeCloseTo(expected.rotationDeg, 6);
		expect(align.dx).toBeCloseTo(expected.dx, 3);
		// the after is cut with the before's crop, in the before's pixels
		expect(r.operations.after.find((o) => o.op === 'crop')).toMatchObject({
			rect: CROP,
			of: { width: 640, height: 480 }
		});
		expect(r.operations.before.some((o) => o.op === 'align')).toBe(false);
		expect(r.afterAsTaken!.operations.map((o) => o.op)).toEqual(['crop', 'resize', 'encode']);
		const asTaken = r.outputs.filter((o) => o.rendition === 'as-taken');
		expect(asTaken.length).toBeGreaterThan(0);
		expect(asTaken.every((o) => o.which === 'after' && o.url.includes(r.afterAsTaken!.token))).toBe(
			true
		);
		expect(provenanceWords(r)[0]).toBe(
			'After photo aligned to the before: only moved, turned 6° and scaled to 13.9 %'
		);
	});

	it('shows an unsure pair as taken and records nothing about alignment', async () => {
		const { row } = await alignedPair('unsure');
		const shown = publicCase(c.db, c.clinic.id, row.id)!;
		expect(shown.aligned).toBe(false);
		expect(shown.afterAsTaken).toBeNull();
		const r = (await publicProvenance(c.db, c.store, c.clinic.slug, row.id, 'https://x'))!;
		expect(r.operations.after.some((o) => o.op === 'align')).toBe(false);
		expect(r.afterAsTaken).toBeUndefined();
		expect(r.outputs.some((o) => o.rendition)).toBe(false);
	});
});

describe('pairAlignment', () => {
	it('composes through a shared baseline: after → before = T_before⁻¹ ∘ T_after', async () => {
		const m = await caseMaterial(c);
		const baseline = await m.addPhoto('2025-12-01');
		const tBefore = aboutCentre(1.05, 3, [100, 100], [4, -2]);
		const tAfter = aboutCentre(0.93, -5, [120, 80], [-6, 9]);
		for (const [id, t] of [
			[m.before.id, tBefore],
			[m.after.id, tAfter]
		] as const) {
			c.db
				.insert(photoAlignment)
				.values({
					photoId: id,
					baselineId: baseline.id,
					status: 'aligned',
					method: id === m.before.id ? 'ecc' : 'landmarks',
					confidence: id === m.before.id ? 0.8 : 0.95,
					analysedAt: new Date(),
					...t
				})
				.run();
		}
		const pair = pairAlignment(c.db, m.before.id, m.after.id)!;
		expect(pair).toMatchObject({ method: 'landmarks + ecc', confidence: 0.8 });
		const expected = compose(invert(tBefore), tAfter);
		for (const p of [
			[0, 0],
			[640, 480],
			[200, 300]
		] as const) {
			const [x, y] = apply(pair, p);
			const [ex, ey] = apply(expected, p);
			expect(x).toBeCloseTo(ex, 6);
			expect(y).toBeCloseTo(ey, 6);
			// and it lands where the baseline's frame says both meet
			const [bx, by] = apply(tBefore, [x, y]);
			const [ax, ay] = apply(tAfter, p);
			expect(bx).toBeCloseTo(ax, 6);
			expect(by).toBeCloseTo(ay, 6);
		}
		// one of them unsure, or aligned to another baseline: shown as taken
		c.db
			.update(photoAlignment)
			.set({ status: 'failed' })
			.where(eq(photoAlignment.photoId, m.before.id))
			.run();
		expect(pairAlignment(c.db, m.before.id, m.after.id)).toBeNull();
	});
});
