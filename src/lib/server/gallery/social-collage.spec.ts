import path from 'node:path';
import fs from 'node:fs';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { collageLayout, markArea, renderSocialCollage, type Box } from './social-collage';
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

/** The label band of a photo's box, its left part (where the words are) and its right end. */
const band = (photo: Box, height: number) => ({
	words: { left: photo.left + 20, top: photo.top + photo.height - height, width: 200, height },
	empty: {
		left: photo.left + photo.width - 40,
		top: photo.top + photo.height - height + 4,
		width: 30,
		height: height - 8
	}
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
			for (const photo of [l.before, l.after]) {
				const b = band(photo, l.labelHeight);
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
