import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { renderSkinPhoto, type DemoView } from './skin-image';

// Greyscale spread of a 200x200 crop centred on the patient's right cheek in the front view.
async function cheekRoughness(buf: Buffer): Promise<number> {
	const crop = await sharp(buf)
		.extract({ left: 215, top: 500, width: 200, height: 200 })
		.greyscale()
		.png()
		.toBuffer();
	// stats() ignores extract() in the same pipeline, hence the round trip through PNG.
	const { channels } = await sharp(crop).stats();
	return channels[0].stdev;
}

describe('renderSkinPhoto', () => {
	it('returns a metadata-free sRGB JPEG of the requested size', async () => {
		const defaults = await sharp(
			await renderSkinPhoto({ seed: 1, view: 'front', progress: 0 })
		).metadata();
		expect(defaults).toMatchObject({ format: 'jpeg', width: 900, height: 1200, space: 'srgb' });
		expect(defaults.exif).toBeUndefined();
		expect(defaults.icc).toBeUndefined();
		const small = await renderSkinPhoto({
			seed: 1,
			view: 'left90',
			progress: 0.5,
			width: 300,
			height: 400
		});
		expect(await sharp(small).metadata()).toMatchObject({
			format: 'jpeg',
			width: 300,
			height: 400
		});
	});

	it('is deterministic for the same options', async () => {
		const opts = { seed: 42, view: 'right45', progress: 0.3, skinTone: 4 } as const;
		const [a, b] = await Promise.all([renderSkinPhoto(opts), renderSkinPhoto(opts)]);
		expect(a.equals(b)).toBe(true);
		const other = await renderSkinPhoto({ ...opts, seed: 43 });
		expect(a.equals(other)).toBe(false);
	});

	it('fades the scars as the course progresses', async () => {
		const at = (progress: number) =>
			renderSkinPhoto({ seed: 7, view: 'front', progress, skinTone: 2 });
		const [before, middle, after] = await Promise.all(
			[at(0), at(0.5), at(1)].map(async (b) => cheekRoughness(await b))
		);
		// Seen when written: 21.5 at baseline, 17.1 half way, 15.6 at the end of the course.
		expect(before).toBeGreaterThan(after * 1.2);
		expect(middle).toBeLessThan(before);
		expect(middle).toBeGreaterThan(after);
	});

	it('frames each view differently', async () => {
		const views: DemoView[] = ['front', 'left45', 'right45', 'left90', 'right90'];
		const thumbs = await Promise.all(
			views.map(async (view) => {
				const jpeg = await renderSkinPhoto({ seed: 5, view, progress: 0, width: 300, height: 400 });
				return sharp(jpeg).resize(75, 100).greyscale().raw().toBuffer();
			})
		);
		// Mean absolute grey difference per pixel, so a few stray bytes cannot pass for a new view.
		const diff = (a: Buffer, b: Buffer) =>
			a.reduce((sum, v, i) => sum + Math.abs(v - b[i]), 0) / a.length;
		for (let i = 0; i < views.length; i++) {
			for (let j = i + 1; j < views.length; j++) {
				expect(diff(thumbs[i], thumbs[j]), `${views[i]} vs ${views[j]}`).toBeGreaterThan(5);
			}
		}
	});
});
