import path from 'node:path';
import fs from 'node:fs';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import {
	collageLayout,
	labelBox,
	markArea,
	photoInBox,
	renderSocialCollage,
	type Box
} from './social-collage';
import { SOCIAL_DIMENSIONS, SOCIAL_SIZES } from '../../domain/social-export';
// as in the server: the upload pipeline blocks sharp's SVG loader for the whole process
import '../photos/pipeline/decode';

const FACES = path.resolve('../shared/fixtures/photos/faces');
const before = fs.readFileSync(path.join(FACES, 'portrait-obama.jpg'));
const after = fs.readFileSync(path.join(FACES, 'portrait-biden.jpg'));

const render = (size: (typeof SOCIAL_SIZES)[number]) =>
	renderSocialCollage({
		size,
		before,
		after,
		beforeLabel: 'Before',
		afterLabel: 'After 3 sessions',
		clinicName: 'Demo Skin Clinic',
		watermark: async () => null
	});

/** How many of the region's pixels are near white, and its mean brightness. */
async function region(jpeg: Buffer, box: Box) {
	const { data } = await sharp(jpeg)
		.extract({
			left: Math.round(box.left),
			top: Math.round(box.top),
			width: Math.round(box.width),
			height: Math.round(box.height)
		})
		.greyscale()
		.raw()
		.toBuffer({ resolveWithObject: true });
	let white = 0;
	let sum = 0;
	for (const v of data) {
		sum += v;
		if (v > 200) {
			white++;
		}
	}
	return { white, mean: sum / data.length };
}

async function pixels(jpeg: Buffer, box: Box): Promise<Uint8Array> {
	const { data } = await sharp(jpeg)
		.extract(box)
		.greyscale()
		.raw()
		.toBuffer({ resolveWithObject: true });
	return new Uint8Array(data);
}

/** A label's dark box: its left part (where the words are) and its right end (padding only). */
const band = (box: Box) => ({
	words: { left: box.left, top: box.top, width: Math.min(200, box.width), height: box.height },
	empty: { left: box.left + box.width - 22, top: box.top + 4, width: 16, height: box.height - 8 }
});

describe('social collage', () => {
	it.each(SOCIAL_SIZES)('%s: a JPEG of exactly its size, sRGB, without metadata', async (size) => {
		const out = await render(size);
		const meta = await sharp(out).metadata();
		expect(meta).toMatchObject({
			format: 'jpeg',
			...SOCIAL_DIMENSIONS[size],
			space: 'srgb',
			channels: 3
		});
		expect(meta.exif).toBeUndefined();
		expect(meta.xmp).toBeUndefined();
		expect(meta.icc).toBeUndefined();
		expect(meta.iptc).toBeUndefined();
		// no APP1 (EXIF/XMP) segment anywhere in the file
		expect(out.includes(Buffer.from('Exif\0'))).toBe(false);
		expect(out.includes(Buffer.from('http://ns.adobe.com/xap'))).toBe(false);
	});

	it.each(SOCIAL_SIZES)(
		'%s: both labels are drawn in white on a dark band, and the clinic name in the footer',
		async (size) => {
			const out = await render(size);
			const l = collageLayout(size);
			for (const [photo, label] of [
				[l.before, 'Before'],
				[l.after, 'After 3 sessions']
			] as const) {
				const b = band(labelBox(l, photo, label));
				const words = await region(out, b.words);
				const empty = await region(out, b.empty);
				// letters: hundreds of white pixels where the label is, none past its end
				expect(words.white).toBeGreaterThan(400);
				expect(empty.white).toBe(0);
				expect(empty.mean).toBeLessThan(110);
			}
			const footer = await region(out, l.footer);
			expect(footer.white).toBeGreaterThan(1000);
		}
	);

	it('a longer after label draws more than "Before" does (the words are the given ones)', async () => {
		const out = await render('square');
		const l = collageLayout('square');
		const wide = (photo: Box) => ({
			left: photo.left,
			top: photo.top + photo.height - l.labelHeight,
			width: photo.width,
			height: l.labelHeight
		});
		const b = await region(out, wide(l.before));
		const a = await region(out, wide(l.after));
		expect(a.white).toBeGreaterThan(b.white * 1.8);
	});

	it('story: the labels sit in the photos’ top corners, leaving the mouth and chin uncovered', async () => {
		const out = await render('story');
		const l = collageLayout('story');
		for (const [photo, source, label] of [
			[l.before, before, 'Before'],
			[l.after, after, 'After 3 sessions']
		] as const) {
			const chip = labelBox(l, photo, label);
			expect(chip.top).toBe(photo.top + 28);
			expect(chip.width).toBeLessThan(photo.width / 2);
			// the foot of the photo (where a face's chin is in a wide crop) is the photo itself
			const foot = { left: 0, top: photo.height - 120, width: photo.width, height: 120 };
			const plain = await photoInBox(source, photo);
			const [drawn, alone] = await Promise.all([
				region(out, { ...foot, left: photo.left, top: photo.top + foot.top }),
				region(plain, foot)
			]);
			expect(Math.abs(drawn.mean - alone.mean)).toBeLessThan(4);
		}
	});

	it('lays the clinic’s watermark over the photos, clear of the labels and the footer', async () => {
		const l = collageLayout('portrait');
		const area = markArea(l);
		let asked: [number, number] | null = null;
		// a white mark the size it is asked for, in its bottom-right corner, as watermarkLayer does
		const mark = async (w: number, h: number) => {
			asked = [w, h];
			const block = await sharp({
				create: { width: 200, height: 40, channels: 4, background: '#ffffff' }
			})
				.png()
				.toBuffer();
			return {
				input: await sharp({
					create: { width: w, height: h, channels: 4, background: { r: 0, g: 0, b: 0, alpha: 0 } }
				})
					.composite([{ input: block, left: w - 220, top: h - 60 }])
					.png()
					.toBuffer(),
				left: 0,
				top: 0
			};
		};
		const [plain, marked] = await Promise.all([
			render('portrait'),
			renderSocialCollage({
				size: 'portrait',
				before,
				after,
				beforeLabel: 'Before',
				afterLabel: 'After 3 sessions',
				clinicName: 'Demo Skin Clinic',
				watermark: mark
			})
		]);
		expect(asked).toEqual([area.width, area.height]);
		const corner = {
			left: l.width - 215,
			top: area.top + area.height - 55,
			width: 190,
			height: 30
		};
		const [a, b] = await Promise.all([pixels(plain, corner), pixels(marked, corner)]);
		expect(Math.min(...b)).toBeGreaterThan(230);
		expect(Math.min(...a)).toBeLessThan(200);
		// the labels and the footer are untouched
		const below = {
			left: 0,
			top: area.top + area.height,
			width: l.width,
			height: l.height - area.height
		};
		const [c, d] = await Promise.all([pixels(plain, below), pixels(marked, below)]);
		expect(c.filter((v, i) => Math.abs(v - d[i]) > 24).length).toBe(0);
	});
});
