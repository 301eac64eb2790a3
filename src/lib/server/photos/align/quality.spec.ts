import { describe, expect, it } from 'vitest';
import { compareQuality, regionStats, type Geometry, type Rgb } from './quality';
import { aboutCentre } from './similarity';

/** A 64×64 checkerboard of 8 px squares, its values scaled by `gain` per channel. */
function board(gain: [number, number, number] = [1, 1, 1], soft = false): Rgb {
	const [w, h] = [64, 64];
	const data = new Uint8Array(w * h * 3);
	for (let y = 0; y < h; y++) {
		for (let x = 0; x < w; x++) {
			let v = ((x >> 3) + (y >> 3)) % 2 ? 200 : 60;
			if (soft) {
				// a linear ramp across each square's edge instead of a step: blurred
				const d = Math.min(x % 8, 7 - (x % 8), y % 8, 7 - (y % 8));
				v = 130 + (v - 130) * Math.min(1, d / 3);
			}
			for (let k = 0; k < 3; k++) {
				data[(y * w + x) * 3 + k] = Math.round(v * gain[k]);
			}
		}
	}
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
		const img = board();
		const dark = board([0.5, 0.5, 0.5]);
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
