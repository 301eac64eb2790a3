import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { abdomenCourse, renderAbdomenPhoto } from './body-image';
import { closeupCourse } from './closeup/course';
import type { DemoView } from './shot';

const VIEWS: DemoView[] = ['front', 'left45', 'right45', 'left90', 'right90'];

// Fine detail of the lower abdomen in the front view, where the stretch marks are: the mean
// difference from a blurred copy, so the torso's broad shading does not count.
async function lowerAbdomenDetail(buf: Buffer): Promise<number> {
	const crop = sharp(buf).extract({ left: 230, top: 560, width: 440, height: 300 }).greyscale();
	const [sharpCopy, blurred] = await Promise.all([
		crop.clone().raw().toBuffer(),
		crop.clone().blur(4).raw().toBuffer()
	]);
	return sharpCopy.reduce((sum, v, i) => sum + Math.abs(v - blurred[i]), 0) / sharpCopy.length;
}

describe('renderAbdomenPhoto', () => {
	it('returns a metadata-free sRGB JPEG of the requested size', async () => {
		const meta = await sharp(
			await renderAbdomenPhoto({ seed: 3, view: 'left45', progress: 0, width: 300, height: 400 })
		).metadata();
		expect(meta).toMatchObject({ format: 'jpeg', width: 300, height: 400, space: 'srgb' });
		expect([meta.exif, meta.icc]).toEqual([undefined, undefined]);
	});

	it('draws a photo the same way alone or as part of a course, session after session', async () => {
		const opts = { seed: 11, skinTone: 3, width: 240, height: 320 };
		const course = abdomenCourse(opts);
		const baseline = await course(0)('front');
		for (const view of ['front', 'right90'] as const) {
			const [alone, again, inCourse] = await Promise.all([
				renderAbdomenPhoto({ ...opts, progress: 0.4, view }),
				renderAbdomenPhoto({ ...opts, progress: 0.4, view }),
				course(0.4)(view)
			]);
			expect(alone.equals(again) && alone.equals(inCourse), view).toBe(true);
		}
		// a later session leaves the course's layout as it was
		expect((await course(0)('front')).equals(baseline)).toBe(true);
		const other = await renderAbdomenPhoto({ ...opts, seed: 12, progress: 0, view: 'front' });
		expect(other.equals(baseline)).toBe(false);
	});

	it('fades the stretch marks as the course progresses', async () => {
		const at = (progress: number) =>
			renderAbdomenPhoto({ seed: 11, view: 'front', progress, skinTone: 3 });
		const [before, middle, after] = await Promise.all(
			[at(0), at(0.45), at(0.9)].map(async (b) => lowerAbdomenDetail(await b))
		);
		// Seen when written: 2.7 at baseline, 2.0 half way, 1.4 at the end of the course.
		expect(before).toBeGreaterThan(after * 1.5);
		expect(middle).toBeLessThan(before);
		expect(middle).toBeGreaterThan(after);
	});

	it('turns the torso for each view, and looks nothing like the close-ups of faces', async () => {
		const thumb = async (jpeg: Promise<Buffer>) =>
			sharp(await jpeg)
				.resize(75, 100)
				.greyscale()
				.raw()
				.toBuffer();
		const small = { seed: 5, progress: 0, width: 300, height: 400 };
		const bodies = await Promise.all(
			VIEWS.map((view) => thumb(renderAbdomenPhoto({ ...small, view })))
		);
		const face = await thumb(closeupCourse(small)(0)('front'));
		const diff = (a: Buffer, b: Buffer) =>
			a.reduce((sum, v, i) => sum + Math.abs(v - b[i]), 0) / a.length;
		for (let i = 0; i < VIEWS.length; i++) {
			expect(diff(bodies[i], face), `${VIEWS[i]} vs a close-up`).toBeGreaterThan(10);
			for (let j = i + 1; j < VIEWS.length; j++) {
				expect(diff(bodies[i], bodies[j]), `${VIEWS[i]} vs ${VIEWS[j]}`).toBeGreaterThan(3);
			}
		}
	});
});
