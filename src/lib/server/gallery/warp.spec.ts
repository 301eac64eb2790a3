import { describe, expect, it } from 'vitest';
import { aboutCentre, apply, type Similarity } from '../photos/align/similarity';
import { NO_PIXELS_FILL, warpInto, type RawPixels } from './warp';

const W = 200;
const H = 150;

/** Black, with a 3×3 white spot centred on (60, 40). */
function spot(): RawPixels {
	const data = Buffer.alloc(W * H * 3);
	for (let y = 39; y <= 41; y++) {
		for (let x = 59; x <= 61; x++) {
			data.fill(255, (y * W + x) * 3, (y * W + x) * 3 + 3);
		}
	}
	return { data, info: { width: W, height: H, channels: 3 } };
}

/** The brightness-weighted centre of the bright pixels (the fill is left out). */
function centroid({ data, info }: RawPixels) {
	let [sx, sy, s] = [0, 0, 0];
	for (let y = 0; y < info.height; y++) {
		for (let x = 0; x < info.width; x++) {
			const v = data[(y * info.width + x) * info.channels];
			if (v > 160) {
				sx += v * x;
				sy += v * y;
				s += v;
			}
		}
	}
	return [sx / s, sy / s];
}

describe('warpInto', () => {
	const cases: [string, Similarity][] = [
		['a shift', { scale: 1, rotationDeg: 0, dx: 10.5, dy: -7.25 }],
		['a scale', { scale: 0.8, rotationDeg: 0, dx: 3, dy: 3 }],
		['a turn one way', aboutCentre(1.1, 10, [100, 75], [5, -20])],
		['a turn the other', aboutCentre(0.85, -9, [100, 75], [-12, 8])]
	];
	it.each(cases)('puts every pixel where the similarity says: %s', async (_, t) => {
		const out = await warpInto(spot(), t, 180, 160);
		expect(out.info).toEqual({ width: 180, height: 160, channels: 3 });
		const [x, y] = centroid(out);
		const [ex, ey] = apply(t, [60, 40]);
		expect(Math.abs(x - ex)).toBeLessThan(0.35);
		expect(Math.abs(y - ey)).toBeLessThan(0.35);
	});

	it('fills the grid where the photo does not reach with the neutral grey', async () => {
		const out = await warpInto(spot(), { scale: 1, rotationDeg: 0, dx: 50, dy: 0 }, W, H);
		// the left 50 columns had no pixel of the photo
		expect([...out.data.subarray(0, 3)]).toEqual([
			NO_PIXELS_FILL.r,
			NO_PIXELS_FILL.g,
			NO_PIXELS_FILL.b
		]);
		const row = 100 * W * 3;
		expect(out.data[row + 10 * 3]).toBe(NO_PIXELS_FILL.r);
		expect(out.data[row + 120 * 3]).toBe(0);
	});
});
