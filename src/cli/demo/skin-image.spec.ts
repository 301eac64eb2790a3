import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { eyeBar, faceCourse, renderSkinPhoto, type DemoView } from './skin-image';
import { smoothStairs } from './render-kit';
import { PHOTO_EYE_LINE, PX_PER_CM, ZOOM, photoBox } from './face-shape';

type Box = { left: number; top: number; width: number; height: number };

// The patient's right cheek, where the acne scars are drawn, as it lay in the layout frame.
const CHEEK: Box = photoBox({ left: 215, top: 470, width: 200, height: 150 });

async function grey(buf: Buffer) {
	const { data, info } = await sharp(buf).greyscale().raw().toBuffer({ resolveWithObject: true });
	return { data, w: info.width, h: info.height };
}

/** Mean absolute grey difference between two photos inside a box. */
async function diffIn(a: Buffer, b: Buffer, box: Box): Promise<number> {
	const [x, y] = await Promise.all(
		[a, b].map((j) => sharp(j).extract(box).greyscale().raw().toBuffer())
	);
	return x.reduce((sum, v, i) => sum + Math.abs(v - y[i]), 0) / x.length;
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

	it('fades the scars as the course progresses, against the same face without them', async () => {
		const opts = { seed: 7, view: 'front', skinTone: 2 } as const;
		const clear = await renderSkinPhoto({ ...opts, progress: 0, concern: null });
		// One course, as the demo draws it: the head is laid out once for all three sessions.
		const course = faceCourse(opts);
		const at = async (progress: number) => diffIn(await course(progress)('front'), clear, CHEEK);
		const [before, middle, after] = await Promise.all([at(0), at(0.5), at(0.9)]);
		// Seen when written: 6.0 at baseline, 2.8 half way, 1.0 at the end of the course.
		expect(before).toBeGreaterThan(after * 2);
		expect(middle).toBeLessThan(before);
		expect(middle).toBeGreaterThan(after);
		// Only the cheeks change: the forehead is the same skin in every session.
		const forehead = photoBox({ left: 380, top: 250, width: 140, height: 60 });
		const last = await course(0.9)('front');
		expect(await diffIn(last, clear, forehead)).toBeLessThan(0.2);
	});

	it('draws scars as relief with mild redness, the redness fading faster than the pits', async () => {
		const opts = { seed: 1, view: 'front', skinTone: 3 } as const;
		const rgb = async (progress: number, concern?: null) => {
			const photo = await renderSkinPhoto({ ...opts, progress, concern });
			const { left, top, width, height } = CHEEK;
			return sharp(photo).extract({ left, top, width, height }).raw().toBuffer();
		};
		const clear = await rgb(0, null);
		// Mean change in brightness (the relief's shading) and in the ratio of red to green, which
		// shading alone leaves nearly as it is (the redness), in percent.
		const change = async (progress: number) => {
			const px = await rgb(progress);
			let [light, red] = [0, 0];
			for (let i = 0; i < px.length; i += 3) {
				const d = [0, 1, 2].map((c) => px[i + c] - clear[i + c]);
				light += Math.abs(0.3 * d[0] + 0.59 * d[1] + 0.11 * d[2]);
				red += 100 * Math.abs(px[i] / (px[i + 1] + 1) - clear[i] / (clear[i + 1] + 1));
			}
			return { light: light / (px.length / 3), red: red / (px.length / 3) };
		};
		const [start, half] = await Promise.all([change(0), change(0.5)]);
		// Seen when written: brightness 10.4 → 4.5 grey levels, red/green 4.0% → 1.0%.
		expect(start.light).toBeGreaterThan(6);
		expect(start.red).toBeLessThan(6);
		expect(half.red / start.red).toBeLessThan(0.8 * (half.light / start.light));
	});

	it('puts the eye bar over the eyes: the darkest pupils and lashes of the face lie inside it', async () => {
		for (const tone of [1, 4]) {
			const { data, w, h } = await grey(
				await renderSkinPhoto({
					seed: 3,
					view: 'front',
					progress: 0,
					skinTone: tone,
					concern: null
				})
			);
			const bar = eyeBar('front', w, h);
			// The 60 darkest pixels between the brows and the mouth, across the face.
			const px: { x: number; y: number; v: number }[] = [];
			const eye = PHOTO_EYE_LINE * h;
			const cm = (PX_PER_CM * ZOOM * w) / 900;
			for (let y = Math.round(eye - 2.2 * cm); y < Math.round(eye + 3.4 * cm); y++) {
				for (let x = Math.round(0.5 * w - 6 * cm); x < Math.round(0.5 * w + 6 * cm); x++) {
					px.push({ x, y, v: data[y * w + x] });
				}
			}
			px.sort((a, b) => a.v - b.v);
			for (const p of px.slice(0, 60)) {
				expect(p.x / w, `tone ${tone}`).toBeGreaterThan(bar.x);
				expect(p.x / w).toBeLessThan(bar.x + bar.w);
				expect(p.y / h).toBeGreaterThan(bar.y);
				expect(p.y / h).toBeLessThan(bar.y + bar.h);
			}
			// Narrow enough to leave the brows, the nose and the crow's feet beside the eyes in view:
			// under 2 cm tall and 10.5 cm wide on the face.
			expect((bar.h * h) / cm).toBeLessThan(2);
			expect((bar.w * w) / cm).toBeLessThan(10.5);
		}
	});

	it('turns one head: a profile reaches out to the lips, which a front view does not', async () => {
		const edges = async (view: DemoView) => {
			const { data, w, h } = await grey(await renderSkinPhoto({ seed: 5, view, progress: 0 }));
			// The backdrop is a smooth grey-blue; the head's edge is the first big step in a row.
			// The row is through the upper lip, 6 cm under the pupils, below the ears.
			const row = Math.round(PHOTO_EYE_LINE * h + ((6 * PX_PER_CM * ZOOM) / 900) * w);
			let right = 0;
			for (let x = w - 2; x > 0; x--) {
				if (Math.abs(data[row * w + x] - data[row * w + x + 1]) > 12) {
					right = x;
					break;
				}
			}
			// In centimetres from the photo's middle.
			return (right - w / 2) / ((PX_PER_CM * ZOOM * w) / 900);
		};
		const [front, right90, right45] = await Promise.all([
			edges('front'),
			edges('right90'),
			edges('right45')
		]);
		// Seen when written: 6.5 cm from the front, 7.7 in profile (framed with the nose a margin
		// from the edge), over 7.1 at 45 degrees. Half a face's width from the middle in front,
		// the lips past it in profile.
		expect(front).toBeLessThan(7.8);
		expect(right90).toBeGreaterThan(front + 1);
		expect(right45).toBeGreaterThan(front + 0.6);
	});

	it('centres the head in profile and at 45 degrees, as a clinic frames it, never cropping the face', async () => {
		for (const sex of ['female', 'male'] as const) {
			for (const view of ['left90', 'right90', 'left45'] as const) {
				const photo = await renderSkinPhoto({
					seed: 1,
					sex,
					view,
					progress: 0,
					width: 300,
					height: 400
				});
				const { data, w, h } = await grey(photo);
				// The head's silhouette above the chin: the first big step in from each side of a row.
				let [lo, hi] = [w, 0];
				for (let y = Math.round(0.05 * h); y < Math.round(0.6 * h); y++) {
					for (let x = 1; x < w - 1; x++) {
						if (Math.abs(data[y * w + x] - data[y * w + x - 1]) > 12) {
							lo = Math.min(lo, x);
							break;
						}
					}
					for (let x = w - 2; x > 0; x--) {
						if (Math.abs(data[y * w + x] - data[y * w + x + 1]) > 12) {
							hi = Math.max(hi, x);
							break;
						}
					}
				}
				const [left, right] = [lo / w, 1 - hi / w];
				// Left views show the nose towards image left.
				const [face, back] = view.startsWith('left') ? [left, right] : [right, left];
				expect(face, `${sex} ${view}`).toBeGreaterThan(0.05);
				if (back > 0.05) {
					expect(Math.abs(left - right), `${sex} ${view}`).toBeLessThan(
						view === 'left45' ? 0.07 : 0.02
					);
				} else {
					// A head deeper than the frame (a bun in profile) is cropped at the back, and the
					// face keeps its margin rather than being pushed out too.
					expect(face, `${sex} ${view}`).toBeLessThan(0.1);
				}
			}
		}
	});

	it("turns a level outline's one-pixel steps into ramps along the row", () => {
		// A dark head under a light backdrop; its outline steps down by a row every 6 pixels.
		const [w, h] = [30, 5];
		const solid = new Uint8Array(w * h);
		const px = new Uint8ClampedArray(w * h * 3);
		for (let y = 0; y < h; y++) {
			for (let x = 0; x < w; x++) {
				solid[y * w + x] = y >= Math.floor(x / 6) ? 1 : 0;
				px.fill(solid[y * w + x] ? 20 : 200, (y * w + x) * 3, (y * w + x) * 3 + 3);
			}
		}
		smoothStairs(px, solid, w, h);
		const row2 = Array.from({ length: w }, (_, x) => px[(2 * w + x) * 3]);
		// Row 2 went from head (x < 18) to backdrop in one step; now over several pixels.
		const between = row2.filter((v) => v > 30 && v < 190);
		expect(between.length).toBeGreaterThanOrEqual(3);
		for (let x = 13; x < 24; x++) {
			expect(row2[x]).toBeGreaterThanOrEqual(row2[x - 1]);
		}
		// Far from the steps nothing changes.
		expect(px[(0 * w + 29) * 3]).toBe(200);
		expect(px[(4 * w + 2) * 3]).toBe(20);
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

	it('gives every view an eye bar inside the photo, over the side of the face it shows', () => {
		for (const view of ['front', 'left45', 'right45', 'left90', 'right90'] as const) {
			const b = eyeBar(view);
			expect(b.x).toBeGreaterThanOrEqual(0);
			expect(b.x + b.w).toBeLessThanOrEqual(1);
			expect(b.w).toBeGreaterThan(0.03);
		}
		// Right views turn the nose towards image right, left views towards image left.
		expect(eyeBar('right90').x).toBeGreaterThan(0.5);
		expect(eyeBar('left90').x + eyeBar('left90').w).toBeLessThan(0.5);
	});
});
