// A similarity transform (rotation, uniform scale, translation) and the little algebra the
// alignment needs. Only similarities are ever stored or applied: an affine estimate is projected
// to its nearest similarity, so a photo is never sheared or stretched (that could reshape skin).
// Pure math, no I/O: it runs on the caller's thread and in the alignment worker alike.

/**
 * Maps this photo's upright pixel (x, y) to the baseline's:
 * x' = s(cos θ·x − sin θ·y) + dx, y' = s(sin θ·x + cos θ·y) + dy, θ in degrees, dx/dy in
 * baseline pixels.
 */
export interface Similarity {
	scale: number;
	rotationDeg: number;
	dx: number;
	dy: number;
}

export type Point = readonly [number, number];

/** A 2×3 affine matrix, row-major: [m00, m01, m02, m10, m11, m12]. */
export type Affine = readonly [number, number, number, number, number, number];

export const IDENTITY: Similarity = { scale: 1, rotationDeg: 0, dx: 0, dy: 0 };

const RAD = Math.PI / 180;

/** The 2×3 matrix of a similarity. */
export function toAffine(t: Similarity): Affine {
	const a = t.scale * Math.cos(t.rotationDeg * RAD);
	const b = t.scale * Math.sin(t.rotationDeg * RAD);
	return [a, -b, t.dx, b, a, t.dy];
}

/**
 * The similarity nearest to an affine matrix (least squares over the 2×2 part), so that an
 * affine estimate never brings shear or a one-axis stretch into what is stored.
 */
export function nearestSimilarity(m: Affine): Similarity {
	const a = (m[0] + m[4]) / 2;
	const b = (m[3] - m[1]) / 2;
	return { scale: Math.hypot(a, b), rotationDeg: Math.atan2(b, a) / RAD, dx: m[2], dy: m[5] };
}

export function apply(t: Similarity, [x, y]: Point): [number, number] {
	const [a, nb, dx, b, , dy] = toAffine(t);
	return [a * x + nb * y + dx, b * x + a * y + dy];
}

/** `outer` after `inner`: apply(compose(outer, inner), p) = apply(outer, apply(inner, p)). */
export function compose(outer: Similarity, inner: Similarity): Similarity {
	const [dx, dy] = apply(outer, [inner.dx, inner.dy]);
	return {
		scale: outer.scale * inner.scale,
		rotationDeg: normaliseDeg(outer.rotationDeg + inner.rotationDeg),
		dx,
		dy
	};
}

export function invert(t: Similarity): Similarity {
	if (!(t.scale > 0)) {
		throw new RangeError('A similarity with a zero or negative scale has no inverse');
	}
	const r: Similarity = { scale: 1 / t.scale, rotationDeg: -t.rotationDeg, dx: 0, dy: 0 };
	const [dx, dy] = apply(r, [t.dx, t.dy]);
	return { ...r, dx: -dx, dy: -dy };
}

/**
 * The exact similarity taking two points of this photo to two of the baseline (the eyes): the
 * segment between them is rotated, scaled and moved onto the other.
 */
export function fromTwoPoints(from: readonly [Point, Point], to: readonly [Point, Point]) {
	return fitSimilarity(from, to);
}

/**
 * Least-squares similarity taking `from` to `to` (Umeyama, without reflection). Two pairs give
 * the exact solution; more average out the noise of each point.
 */
export function fitSimilarity(from: readonly Point[], to: readonly Point[]): Similarity {
	const n = from.length;
	if (n < 2 || to.length !== n) {
		throw new RangeError('A similarity needs at least two matching point pairs');
	}
	let [mx, my, nx, ny] = [0, 0, 0, 0];
	for (let i = 0; i < n; i++) {
		mx += from[i][0] / n;
		my += from[i][1] / n;
		nx += to[i][0] / n;
		ny += to[i][1] / n;
	}
	let [dot, cross, spread] = [0, 0, 0];
	for (let i = 0; i < n; i++) {
		const [px, py] = [from[i][0] - mx, from[i][1] - my];
		const [qx, qy] = [to[i][0] - nx, to[i][1] - ny];
		dot += px * qx + py * qy;
		cross += px * qy - py * qx;
		spread += px * px + py * py;
	}
	if (!(spread > 0)) {
		throw new RangeError('The points coincide, so no rotation or scale follows from them');
	}
	const t: Similarity = {
		scale: Math.hypot(dot, cross) / spread,
		rotationDeg: Math.atan2(cross, dot) / RAD,
		dx: 0,
		dy: 0
	};
	const [cx, cy] = apply(t, [mx, my]);
	return { ...t, dx: nx - cx, dy: ny - cy };
}

/**
 * A similarity measured between downscaled copies, in full-size pixels. `photoK` and
 * `baselineK` are full-size ÷ working size of each image (the two may differ in size).
 */
export function rescale(t: Similarity, photoK: number, baselineK: number): Similarity {
	return {
		scale: (t.scale * baselineK) / photoK,
		rotationDeg: t.rotationDeg,
		dx: t.dx * baselineK,
		dy: t.dy * baselineK
	};
}

/** An angle in (−180°, 180°]. */
export function normaliseDeg(deg: number): number {
	const r = (((deg % 360) + 540) % 360) - 180;
	return r === -180 ? 180 : r;
}

/** Rotation and scale about a centre (cx, cy), then a shift: how test photos are made. */
export function aboutCentre(
	scale: number,
	rotationDeg: number,
	[cx, cy]: Point,
	[shiftX, shiftY]: Point = [0, 0]
): Similarity {
	const t: Similarity = { scale, rotationDeg, dx: 0, dy: 0 };
	const [x, y] = apply(t, [cx, cy]);
	return { ...t, dx: cx - x + shiftX, dy: cy - y + shiftY };
}
