import { describe, expect, it } from 'vitest';
import { compareQuality, regionStats, type Geometry, type Rgb } from './quality';
import { aboutCentre } from './similarity';

/** side × side of seeded grey noise (skin-like fine texture), scaled by `gain` per channel. */
function board(gain: [number, number, number] = [1, 1, 1], soft = false, side = 160): Rgb {
	const [w, h] = [side, side];
	let seed = 7;
	const random = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32;
	let grey = Float64Array.from({ length: w * h }, () => 60 + 140 * random());
	// "soft": two 3×3 box blurs, about a Gaussian of σ 1.2 px
	for (let pass = 0; soft && pass < 2; pass++) {
		const src = grey;
		grey = src.map((v, i) => {
			const [x, y] = [i % w, Math.floor(i / w)];
			let [sum, n] = [0, 0];
			for (let dy = -1; dy <= 1; dy++) {
				for (let dx = -1; dx <= 1; dx++) {
					if (x + dx >= 0 && x + dx < w && y + dy >= 0 && y + dy < h) {
						sum += src[i + dy * w + dx];
						n++;
					}
				}
			}
			return sum / n;
		});
	}
	const data = new Uint8Array(w * h * 3);
	grey.forEach((v, i) => gain.forEach((g, k) => (data[i * 3 + k] = Math.round(v * g))));
	return { data, width: w, height: h, channels: 3 };
}

const size = { width: 3000, height: 4000 };
const still: Geometry = { alignment: null, photoSize: size, baselineSize: size };

describe('capture quality', () => {
	it('finds nothing to say about the same image', () => {
		const q = compareQuality(regionStats(board()), regionStats(board()), still);
		expect(q).toEqual({
			sharpness: expect.any(Number),
			sharpnessVsBaseline: 1,
			exposureEv: 0,
			whiteBalance: { rg: 1, bg: 1 },
			warnings: []
		});
	});

	it('is not fooled by a darker photo into calling it blurred, but says "darker"', () => {
		const q = compareQuality(regionStats(board([0.7, 0.7, 0.7])), regionStats(board()), still);
		expect(q.sharpnessVsBaseline).toBeCloseTo(1, 1);
		expect(q.exposureEv).toBeLessThan(-0.5);
		expect(q.warnings).toEqual(['darker']);
		const brighter = compareQuality(
			regionStats(board()),
			regionStats(board([0.7, 0.7, 0.7])),
			still
		);
		expect(brighter.warnings).toEqual(['brighter']);
	});

	it('does not judge focus over a region too small to tell blur from JPEG blocks', () => {
		const small = compareQuality(
			regionStats(board([1, 1, 1], true, 64)),
			regionStats(board([1, 1, 1], false, 64)),
			still
		);
		// the figure is still reported, as low as at full size
		expect(small.sharpnessVsBaseline).toBeLessThan(0.7);
		expect(small.warnings).toEqual([]);
	});

	it('says "blurred" and "colour"', () => {
		expect(
			compareQuality(regionStats(board([1, 1, 1], true)), regionStats(board()), still).warnings
		).toEqual(['blurred']);
		const warm = compareQuality(regionStats(board([1.1, 1, 0.9])), regionStats(board()), still);
		expect(warm.whiteBalance.rg).toBeGreaterThan(1.15);
		expect(warm.whiteBalance.bg).toBeLessThan(1 / 1.15);
		expect(warm.warnings).toEqual(['colour']);
	});

	it('counts only the region and the pixels marked valid', () => {
		const img = board(undefined, false, 64);
		const dark = board([0.5, 0.5, 0.5], false, 64);
		const half = new Uint8Array(64 * 64).map((_, i) => (i % 64 < 32 ? 1 : 0));
		const mixed = { ...img, data: img.data.map((v, i) => ((i / 3) % 64 < 32 ? v : dark.data[i])) };
		const left = regionStats(mixed, undefined, half);
		expect(left.linear).toEqual(regionStats(img, { x: 0, y: 0, w: 32, h: 64 }).linear);
	});

	it('warns of tilt, framing and a turned head from the geometry', () => {
		const s = regionStats(board());
		const tilted = aboutCentre(1, 7, [1500, 2000]);
		expect(compareQuality(s, s, { ...still, alignment: tilted }).warnings).toEqual(['tilted']);
		const closer = aboutCentre(0.85, 1, [1500, 2000]);
		expect(compareQuality(s, s, { ...still, alignment: closer }).warnings).toEqual(['framing']);
		// a photo of another resolution is not "closer": its scale is relative to the sizes
		const smaller = { ...still, photoSize: { width: 1500, height: 2000 } };
		expect(
			compareQuality(s, s, { ...smaller, alignment: aboutCentre(2, 0, [0, 0]) }).warnings
		).toEqual([]);
		const faces = { photo: { yawDeg: 14, rollDeg: 0 }, baseline: { yawDeg: 1, rollDeg: 0 } };
		expect(compareQuality(s, s, { ...still, faces }).warnings).toEqual(['turned']);
		const rolled = { photo: { yawDeg: 0, rollDeg: 9 }, baseline: { yawDeg: 0, rollDeg: 1 } };
		expect(compareQuality(s, s, { ...still, faces: rolled }).warnings).toEqual(['tilted']);
	});
});
