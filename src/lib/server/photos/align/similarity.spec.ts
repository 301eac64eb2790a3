import { describe, expect, it } from 'vitest';
import {
	aboutCentre,
	apply,
	compose,
	fitSimilarity,
	fromTwoPoints,
	IDENTITY,
	invert,
	nearestSimilarity,
	normaliseDeg,
	rescale,
	toAffine,
	type Point,
	type Similarity
} from './similarity';

const T: Similarity = { scale: 1.12, rotationDeg: -7.5, dx: 31.4, dy: -12 };
const U: Similarity = { scale: 0.9, rotationDeg: 20, dx: -5, dy: 44 };
const points: Point[] = [
	[0, 0],
	[100, 0],
	[37, -250],
	[1999, 1500]
];

function expectClose(a: readonly number[], b: readonly number[], digits = 9) {
	a.forEach((v, i) => expect(v).toBeCloseTo(b[i], digits));
}
const asArray = (t: Similarity) => [t.scale, t.rotationDeg, t.dx, t.dy];

describe('similarity', () => {
	it('applies the documented formula (θ in degrees, shift in baseline pixels)', () => {
		const [x, y] = [10, 20];
		const th = (T.rotationDeg * Math.PI) / 180;
		expectClose(apply(T, [x, y]), [
			T.scale * (Math.cos(th) * x - Math.sin(th) * y) + T.dx,
			T.scale * (Math.sin(th) * x + Math.cos(th) * y) + T.dy
		]);
		expectClose(apply({ scale: 1, rotationDeg: 90, dx: 0, dy: 0 }, [1, 0]), [0, 1]);
	});

	it('composes as "outer after inner"', () => {
		for (const p of points) {
			expectClose(apply(compose(T, U), p), apply(T, apply(U, p)), 7);
		}
	});

	it('inverts, and inverse ∘ transform is the identity', () => {
		expectClose(asArray(compose(invert(T), T)), asArray(IDENTITY));
		for (const p of points) {
			expectClose(apply(invert(T), apply(T, p)), p, 7);
		}
		expect(() => invert({ ...T, scale: 0 })).toThrow(RangeError);
	});

	it('recovers a similarity from two point pairs (the eyes) and from many', () => {
		const eyes: [Point, Point] = [
			[1200, 1400],
			[1750, 1380]
		];
		const mapped: [Point, Point] = [apply(T, eyes[0]), apply(T, eyes[1])];
		expectClose(asArray(fromTwoPoints(eyes, mapped)), asArray(T), 7);
		expectClose(
			asArray(
				fitSimilarity(
					points,
					points.map((p) => apply(U, p))
				)
			),
			asArray(U),
			7
		);
		expect(() => fitSimilarity([[1, 1]], [[2, 2]])).toThrow(RangeError);
		expect(() => fromTwoPoints([eyes[0], eyes[0]], mapped)).toThrow(RangeError);
	});

	it('projects an affine matrix to its nearest similarity and never keeps shear', () => {
		expectClose(asArray(nearestSimilarity(toAffine(T))), asArray(T));
		// the same similarity plus a symmetric shear: the shear is dropped, the rest kept
		const [a, nb, dx, b, d, dy] = toAffine(T);
		const sheared = nearestSimilarity([a + 0.05, nb + 0.03, dx, b + 0.03, d - 0.05, dy]);
		expectClose(asArray(sheared), asArray(T));
	});

	it('rescales between a working size and full size', () => {
		// photo worked at 1/6 of 3000 px, baseline at 1/8 of 4000 px
		const [kp, kb] = [6, 8];
		const working = { scale: 1.05, rotationDeg: 3, dx: 12, dy: -4 };
		const full = rescale(working, kp, kb);
		for (const p of points) {
			const w = apply(working, [p[0] / kp, p[1] / kp]);
			expectClose(apply(full, p), [w[0] * kb, w[1] * kb], 7);
		}
	});

	it('keeps angles in (−180°, 180°] and builds transforms about a centre', () => {
		expect(normaliseDeg(190)).toBeCloseTo(-170);
		expect(normaliseDeg(-180)).toBe(180);
		expect(normaliseDeg(540)).toBe(180);
		expect(normaliseDeg(-10)).toBeCloseTo(-10);
		const c = aboutCentre(1.1, 8, [450, 600], [20, -30]);
		expectClose(apply(c, [450, 600]), [470, 570]);
		expect(c.rotationDeg).toBe(8);
	});
});
