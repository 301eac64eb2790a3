import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../render-kit';
import { closeupCourse, closeupScars } from './course';
import { frameFor } from './frame';
import { melasmaMap } from './pigment';

// Photos at half size keep the spec quick; every measure below is relative to the frame.
const [W, H] = [450, 600];

async function grey(jpeg: Buffer): Promise<Float32Array> {
	const raw = await sharp(jpeg).greyscale().raw().toBuffer();
	return Float32Array.from(raw);
}

/**
 * Fine detail only: the photo minus a blur of it, so light fall-off and tone do not count; a
 * slight blur first keeps the sensor's grain, new in every photo, from drowning the pores.
 */
async function detail(jpeg: Buffer, coarse = 4, fine = 1.2): Promise<Float32Array> {
	const [sharpened, blurred] = await Promise.all([
		sharp(jpeg).greyscale().blur(fine).raw().toBuffer(),
		sharp(jpeg).greyscale().blur(coarse).raw().toBuffer()
	]);
	return Float32Array.from(sharpened, (v, i) => v - blurred[i]);
}

/** Pearson correlation of two images over the pixels `where` marks. */
function correlation(a: Float32Array, b: Float32Array, where: Uint8Array): number {
	let [ma, mb, n] = [0, 0, 0];
	for (let i = 0; i < a.length; i++) {
		if (where[i]) {
			ma += a[i];
			mb += b[i];
			n++;
		}
	}
	[ma, mb] = [ma / n, mb / n];
	let [ab, aa, bb] = [0, 0, 0];
	for (let i = 0; i < a.length; i++) {
		if (!where[i]) {
			continue;
		}
		ab += (a[i] - ma) * (b[i] - mb);
		aa += (a[i] - ma) ** 2;
		bb += (b[i] - mb) ** 2;
	}
	return ab / Math.sqrt(aa * bb);
}

/** Mean absolute fine detail inside the middle of the frame, where the scars cluster. */
function contrastInMiddle(d: Float32Array): number {
	let [sum, n] = [0, 0];
	for (let y = Math.round(H * 0.25); y < H * 0.75; y++) {
		for (let x = Math.round(W * 0.2); x < W * 0.8; x++) {
			sum += Math.abs(d[y * W + x]);
			n++;
		}
	}
	return sum / n;
}

const mean = (a: Float32Array) => a.reduce((s, v) => s + v, 0) / a.length;

/** Mid-scale detail (0.1 to about 1.5 mm): bands and their edges, not pores or light fall-off. */
async function bands(jpeg: Buffer): Promise<Float32Array> {
	return detail(jpeg, 12, 1.5);
}

/**
 * How strongly the detail runs one way (0 none, 1 all of it), from its gradients' structure
 * tensor: parallel bands score high, pores and round scars low.
 */
function coherence(d: Float32Array): number {
	let [xx, yy, xy] = [0, 0, 0];
	for (let y = 1; y < H - 1; y++) {
		for (let x = 1; x < W - 1; x++) {
			const o = y * W + x;
			const gx = (d[o + 1] - d[o - 1]) / 2;
			const gy = (d[o + W] - d[o - W]) / 2;
			xx += gx * gx;
			yy += gy * gy;
			xy += gx * gy;
		}
	}
	return Math.sqrt((xx - yy) ** 2 + 4 * xy * xy) / (xx + yy);
}

const meanAbs = (a: Float32Array) => a.reduce((s, v) => s + Math.abs(v), 0) / a.length;

describe('closeupCourse', () => {
	it('makes a metadata-free JPEG of the requested size', async () => {
		const full = await closeupCourse({ seed: 1 })(0)('left45');
		const meta = await sharp(full).metadata();
		expect(meta).toMatchObject({ format: 'jpeg', width: 900, height: 1200, space: 'srgb' });
		expect(meta.exif).toBeUndefined();
		expect(meta.icc).toBeUndefined();
		const small = await closeupCourse({ seed: 1, width: 300, height: 400 })(0.5)('right90');
		expect(await sharp(small).metadata()).toMatchObject({ width: 300, height: 400 });
		expect(() => closeupCourse({ seed: 1, width: 8 })).toThrow(RangeError);
	});

	it('renders the same bytes for the same seed, and other bytes for another', async () => {
		const opts = { seed: 42, skinTone: 3, concern: 'acne_scars', width: W, height: H } as const;
		const a = await closeupCourse(opts)(0.3)('front');
		const b = await closeupCourse(opts)(0.3)('front');
		expect(a.equals(b)).toBe(true);
		const other = await closeupCourse({ ...opts, seed: 43 })(0.3)('front');
		expect(a.equals(other)).toBe(false);
	});

	it('lifts the scars session by session', async () => {
		const course = closeupCourse({
			seed: 7,
			skinTone: 2,
			concern: 'acne_scars',
			width: W,
			height: H
		});
		const at = async (p: number) => contrastInMiddle(await detail(await course(p)('left45')));
		const [before, half, after] = [await at(0), await at(0.5), await at(1)];
		expect(half).toBeLessThan(before);
		expect(after).toBeLessThan(half);
		// Against clear skin of the same patient, most of the scars' extra relief is gone.
		const clear = closeupCourse({ seed: 7, skinTone: 2, concern: null, width: W, height: H });
		const baseline = contrastInMiddle(await detail(await clear(0)('left45')));
		expect(after - baseline).toBeLessThan(0.7 * (before - baseline));
	});

	it('orders the six skin types from fairest to deepest', async () => {
		const means: number[] = [];
		for (const skinTone of [1, 2, 3, 4, 5, 6]) {
			const course = closeupCourse({ seed: 3, skinTone, concern: null, width: W, height: H });
			means.push(mean(await grey(await course(0)('left45'))));
		}
		for (let i = 1; i < 6; i++) {
			expect(means[i]).toBeLessThan(means[i - 1] - 5);
		}
	});

	it('frames a view identically in every session, and each view differently', async () => {
		// Full size, so a pore spans a few pixels and stands out of the sensor's grain.
		const opts = { seed: 11, skinTone: 4, width: 900, height: 1200 } as const;
		const course = closeupCourse({ ...opts, concern: 'acne_scars' });
		const [first, last, clear] = await Promise.all([
			course(0)('right45'),
			course(1)('right45'),
			closeupCourse({ ...opts, concern: null })(0)('right45')
		]);
		// Outside the scars and their marks: where the first photo looks like clear skin.
		const [a, b] = await Promise.all(
			[first, clear].map((j) => sharp(j).greyscale().blur(5).raw().toBuffer())
		);
		const skin = Uint8Array.from(a, (v, i) => (Math.abs(v - b[i]) < 6 ? 1 : 0));
		expect(mean(Float32Array.from(skin))).toBeGreaterThan(0.6);
		// Pores and the skin's plates: details 0.1 to 0.7 mm across (1.5 to 10 px).
		const [d0, d1] = await Promise.all([detail(first, 10, 1.6), detail(last, 10, 1.6)]);
		expect(correlation(d0, d1, skin)).toBeGreaterThan(0.9);
		const otherSide = await detail(await course(0)('left45'), 10, 1.6);
		expect(Math.abs(correlation(d0, otherSide, skin))).toBeLessThan(0.2);
	}, 30_000);
	it('clusters the scars over the cheek: dense in the middle, thinning outwards', () => {
		const mm = 900 / 60;
		for (const seed of [1, 2, 3, 4, 5, 6, 7, 8]) {
			const scars = closeupScars({ seed, concern: 'acne_scars' }, 'left45');
			const small = scars.filter((s) => s.kind !== 'rolling');
			expect(scars.filter((s) => s.kind === 'rolling').length).toBeGreaterThanOrEqual(8);
			expect(small.length).toBeGreaterThanOrEqual(10);
			const cx = small.reduce((a, s) => a + s.x, 0) / small.length;
			const cy = small.reduce((a, s) => a + s.y, 0) / small.length;
			const near = small.filter((s) => Math.hypot(s.x - cx, s.y - cy) < 12 * mm).length;
			// Within 12 mm of the middle lies a tenth of the frame but at least four times as many
			// of the scars as an even sprinkle would put there.
			expect(near / small.length).toBeGreaterThan(0.4);
		}
	});

	it('draws stretch marks as parallel bands that fade with treatment but stay', async () => {
		for (const [seed, skinTone] of [
			[11, 3],
			[3, 2],
			[7, 5]
		]) {
			const opts = { seed, skinTone, width: W, height: H };
			const course = closeupCourse({ ...opts, concern: 'stretch_marks' });
			const [before, half, after] = await Promise.all([0, 0.5, 1].map((p) => course(p)('front')));
			const [d0, d5, d1] = await Promise.all([before, half, after].map(bands));
			// A clear cheek and an acne-scarred one of the same patient run no particular way.
			const [clear, scarred] = await Promise.all(
				[null, 'acne_scars' as const].map(async (concern) =>
					bands(await closeupCourse({ ...opts, concern })(0)('front'))
				)
			);
			const [c0, c5, c1] = [d0, d5, d1].map(coherence);
			expect(c0).toBeGreaterThan(0.22);
			expect(c0).toBeGreaterThan(1.5 * Math.max(coherence(clear), coherence(scarred)));
			expect(c5).toBeLessThan(c0);
			expect(c1).toBeLessThan(c5);
			// Contrast falls session by session; the bands never vanish into clear skin.
			const [k0, k5, k1, kClear] = [d0, d5, d1, clear].map(meanAbs);
			expect(k5).toBeLessThan(k0);
			expect(k1).toBeLessThan(k5);
			expect(k1 - kClear).toBeGreaterThan(0.25 * (k0 - kClear));
			expect(c1).toBeGreaterThan(1.2 * coherence(clear));
		}
	}, 30_000);

	it('draws stretch marks the same way every time, on a belly with no edge in view', async () => {
		const opts = { seed: 11, skinTone: 3, concern: 'stretch_marks', width: W, height: H } as const;
		const a = await closeupCourse(opts)(0.4)('left90');
		const b = await closeupCourse(opts)(0.4)('left90');
		expect(a.equals(b)).toBe(true);
		expect(a.equals(await closeupCourse({ ...opts, seed: 12 })(0.4)('left90'))).toBe(false);
		// No view of the abdomen shows a jaw's edge or the backdrop past it.
		for (const view of ['front', 'left45', 'right45', 'left90', 'right90'] as const) {
			expect(frameFor(view, W, H, 'abdomen').cover.every((c) => c === 1)).toBe(true);
		}
		expect(frameFor('left90', W, H).cover.some((c) => c === 0)).toBe(true);
	});

	it('fades melasma out over several millimetres at its edge', () => {
		const f = frameFor('left45', W, H);
		let patches = 0;
		for (let seed = 1; seed <= 10; seed++) {
			const map = melasmaMap(f, mulberry32(seed));
			const inside = Array.from(map)
				.filter((v) => v > 0.01)
				.sort((x, y) => x - y);
			// Scattered PIH spots instead of a patch: small, and not what this checks.
			if (inside.length < 0.2 * map.length) {
				continue;
			}
			patches++;
			const level = inside[Math.floor(inside.length * 0.9)];
			// Where the pigment is a quarter of the patch's level, how far it takes to rise by
			// the whole level at its steepness there: a cut-out edge would take well under 5 mm.
			let [slope, n] = [0, 0];
			for (let y = 1; y < H - 1; y++) {
				for (let x = 1; x < W - 1; x++) {
					const o = y * W + x;
					if (map[o] > 0.2 * level && map[o] < 0.3 * level) {
						slope += Math.hypot(map[o + 1] - map[o - 1], map[o + W] - map[o - W]) / 2;
						n++;
					}
				}
			}
			expect(level / (slope / n) / f.mm).toBeGreaterThan(5);
		}
		expect(patches).toBeGreaterThan(4);
	});

	it('draws ice-pick scars as dark openings and boxcar floors no brighter than the skin', async () => {
		const opts = { seed: 5, skinTone: 2, concern: 'acne_scars' } as const;
		const { data, info } = await sharp(await closeupCourse(opts)(0)('left45'))
			.greyscale()
			.raw()
			.toBuffer({ resolveWithObject: true });
		const at = (x: number, y: number, from: number, to: number) => {
			let [sum, n] = [0, 0];
			for (let j = Math.floor(y - to); j <= y + to; j++) {
				for (let i = Math.floor(x - to); i <= x + to; i++) {
					const d = Math.hypot(i - x, j - y);
					if (d >= from && d <= to && i >= 0 && j >= 0 && i < info.width && j < info.height) {
						sum += data[j * info.width + i];
						n++;
					}
				}
			}
			return sum / n;
		};
		const mm = info.width / 60;
		const scars = closeupScars(opts, 'left45');
		const picks = scars.filter((s) => s.kind === 'icepick');
		const boxcars = scars.filter((s) => s.kind === 'boxcar');
		expect(picks.length).toBeGreaterThan(3);
		expect(boxcars.length).toBeGreaterThan(3);
		for (const s of picks) {
			// The throat against the skin a little way out from the funnel's mouth.
			const ring = at(s.x, s.y, (s.r + 0.8) * mm, (s.r + 1.4) * mm);
			expect(at(s.x, s.y, 0, 1.5)).toBeLessThan(0.75 * ring);
		}
		for (const s of boxcars) {
			// Its floor's middle: matt scar tissue, never a pale glassy disc.
			const ring = at(s.x, s.y, (s.r + 1) * mm, (s.r + 1.8) * mm);
			expect(at(s.x, s.y, 0, 0.25 * s.r * mm)).toBeLessThan(1.05 * ring);
		}
	});
});
