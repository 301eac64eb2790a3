// Image registration with OpenCV.js (WASM): ORB features + RANSAC for a coarse similarity, ECC for
// the fine one, and an ECC search over scales when features fail. Runs only in the alignment
// worker; every estimate maps the photo's working pixels to the baseline's.
import { createRequire } from 'node:module';
import {
	apply,
	compose,
	fitSimilarity,
	invert,
	nearestSimilarity,
	toAffine,
	type Affine,
	type Point,
	type Similarity
} from './similarity';
import { plainCorrelation, textureOf } from './texture-ecc';

// opencv-js's package.json names a types file it does not ship, so the module is untyped here;
// the calls below follow OpenCV's documented C++ signatures.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Cv = any;
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Mat = any;

export interface Grey {
	data: Uint8Array;
	width: number;
	height: number;
}

export interface Estimate {
	t: Similarity;
	/** ECC's correlation coefficient between the baseline and the warped photo (−1…1) */
	cc: number;
}

export interface OrbEstimate {
	t: Similarity;
	inliers: number;
	matches: number;
}

/** A region of the baseline's working image: ECC compares only inside it (the face box). */
export interface Region {
	x: number;
	y: number;
	w: number;
	h: number;
}

/**
 * OpenCV's Emscripten module is a thenable that resolves to itself: awaiting it, or returning it
 * from an async function, never settles. So it is handed back inside an object, once ready.
 */
export async function loadOpenCv(): Promise<{ cv: Cv }> {
	const require = createRequire(import.meta.url);
	const cv = require('@techstark/opencv-js') as Cv;
	if (!cv.Mat) {
		// its then() calls back at once when the runtime is already up, unlike onRuntimeInitialized
		await new Promise<void>((resolve) => cv.then(() => resolve()));
	}
	return { cv };
}

// ORB's FAST threshold 20 finds 20–80 corners on smooth skin (a demo abdomen); 5 finds hundreds.
const FEW_KEYPOINTS = 300;
const RANSAC_PX = 3;
// Lowe's ratio test: a match counts only when clearly better than the second best.
const RATIO = 0.8;
/**
 * How much plain correlation the texture refinement may give up: in the alignment bench's
 * fading-melasma close-ups the right answer correlated up to ~0.01 less than the one pulled
 * off by the fading; a texture match far from the picture's own is not taken.
 */
const FINE_SLACK = 0.02;

export function registration(cv: Cv) {
	const orb = new cv.ORB(1000);
	const orbLowTexture = new cv.ORB(1000, 1.2, 8, 31, 0, 2, cv.ORB_HARRIS_SCORE, 31, 5);

	function mat(g: Grey): Mat {
		const m = new cv.Mat(g.height, g.width, cv.CV_8UC1);
		m.data.set(g.data);
		return m;
	}

	function features(m: Mat): { points: Point[]; descriptors: Mat } {
		const none = new cv.Mat();
		let keypoints = new cv.KeyPointVector();
		let descriptors = new cv.Mat();
		orb.detectAndCompute(m, none, keypoints, descriptors);
		if (keypoints.size() < FEW_KEYPOINTS) {
			keypoints.delete();
			descriptors.delete();
			keypoints = new cv.KeyPointVector();
			descriptors = new cv.Mat();
			orbLowTexture.detectAndCompute(m, none, keypoints, descriptors);
		}
		none.delete();
		const points: Point[] = [];
		for (let i = 0; i < keypoints.size(); i++) {
			const { x, y } = keypoints.get(i).pt;
			points.push([x, y]);
		}
		keypoints.delete();
		return { points, descriptors };
	}

	/** photo → baseline by ORB matches and a RANSAC similarity refitted on its inliers */
	function orbSimilarity(photo: Mat, baseline: Mat): OrbEstimate | null {
		const p = features(photo);
		const b = features(baseline);
		const pairs: [Point, Point][] = [];
		if (p.points.length >= 10 && b.points.length >= 10) {
			const matcher = new cv.BFMatcher(cv.NORM_HAMMING, false);
			const knn = new cv.DMatchVectorVector();
			matcher.knnMatch(p.descriptors, b.descriptors, knn, 2);
			for (let i = 0; i < knn.size(); i++) {
				const m = knn.get(i);
				if (m.size() === 2 && m.get(0).distance < RATIO * m.get(1).distance) {
					pairs.push([p.points[m.get(0).queryIdx], b.points[m.get(0).trainIdx]]);
				}
			}
			knn.delete();
			matcher.delete();
		}
		p.descriptors.delete();
		b.descriptors.delete();
		return pairs.length >= 6 ? ransac(pairs) : null;
	}

	/** warps the photo into the baseline's frame by `t`, with the mask of pixels it covers */
	function prewarp(photo: Mat, t: Similarity, width: number, height: number) {
		const m = cv.matFromArray(2, 3, cv.CV_64F, [...toAffine(t)]);
		const out = new cv.Mat();
		const mask = new cv.Mat();
		const ones = new cv.Mat(photo.rows, photo.cols, cv.CV_8UC1, new cv.Scalar(255));
		const size = new cv.Size(width, height);
		cv.warpAffine(photo, out, m, size, cv.INTER_LINEAR, cv.BORDER_CONSTANT, new cv.Scalar(0));
		cv.warpAffine(ones, mask, m, size, cv.INTER_NEAREST, cv.BORDER_CONSTANT, new cv.Scalar(0));
		// the border's interpolated pixels are half black: kept out of the comparison
		const kernel = cv.Mat.ones(5, 5, cv.CV_8U);
		cv.erode(mask, mask, kernel);
		kernel.delete();
		m.delete();
		ones.delete();
		return { out, mask };
	}

	/** The photo's mask cut down to the region (the baseline's face box), when there is one. */
	function limitTo(mask: Mat, region?: Region) {
		if (!region) {
			return;
		}
		const keep = new cv.Mat(mask.rows, mask.cols, cv.CV_8UC1, new cv.Scalar(0));
		const x0 = Math.max(0, Math.round(region.x));
		const y0 = Math.max(0, Math.round(region.y));
		const x1 = Math.min(mask.cols, Math.round(region.x + region.w)) - 1;
		const y1 = Math.min(mask.rows, Math.round(region.y + region.h)) - 1;
		cv.rectangle(keep, new cv.Point(x0, y0), new cv.Point(x1, y1), new cv.Scalar(255), -1);
		cv.bitwise_and(mask, keep, mask);
		keep.delete();
	}

	/**
	 * Refines `start` (photo → baseline) by ECC, then once more on the images' fine texture
	 * (texture-ecc.ts): what changed between sessions on purpose (melasma fading, redness
	 * settling) is broad, and pulled the first estimate up to a degree and 1.4 % of scale off on
	 * fair skin; the texture (pores, lines, the edges of features) stays. The correlation given
	 * back is always the plain one, which the confidence thresholds are set on.
	 */
	function ecc(photo: Mat, baseline: Mat, start: Similarity, opts: EccOptions = {}) {
		const broad = eccOnce(photo, baseline, start, opts);
		if (!broad) {
			return null;
		}
		const fine = eccOnce(photo, baseline, broad.t, { ...opts, texture: true });
		if (!fine) {
			return broad;
		}
		const { out, mask } = prewarp(photo, fine.t, baseline.cols, baseline.rows);
		try {
			limitTo(mask, opts.region);
			const cc = plainCorrelation(cv, baseline, out, mask);
			// texture that matched at a place the picture as a whole does not: keep the broad answer
			return cc >= broad.cc - FINE_SLACK ? { t: fine.t, cc } : broad;
		} finally {
			out.delete();
			mask.delete();
		}
	}

	/**
	 * One ECC run. The affine motion model is used to estimate, because it can also correct a
	 * wrong scale (the euclidean one cannot); what comes back is its nearest similarity.
	 */
	function eccOnce(
		photo: Mat,
		baseline: Mat,
		start: Similarity,
		{ affine = true, iterations = 50, eps = 1e-4, region, texture = false }: EccOptions = {}
	): Estimate | null {
		const { out, mask } = prewarp(photo, start, baseline.cols, baseline.rows);
		limitTo(mask, region);
		const w = cv.Mat.eye(2, 3, cv.CV_32F);
		const criteria = new cv.TermCriteria(
			cv.TermCriteria_COUNT + cv.TermCriteria_EPS,
			iterations,
			eps
		);
		const motion = affine ? cv.MOTION_AFFINE : cv.MOTION_EUCLIDEAN;
		const images = texture ? textureOf(cv, [baseline, out], mask) : [baseline, out];
		try {
			const cc = cv.findTransformECC(images[0], images[1], w, motion, criteria, mask, 5) as number;
			// w maps the baseline (template) to the prewarped photo: the correction is its inverse
			const correction = invert(nearestSimilarity(Array.from(w.data32F) as unknown as Affine));
			return Number.isFinite(cc) ? { t: compose(correction, start), cc } : null;
		} catch {
			// ECC throws when it diverges or the images have no contrast in common
			return null;
		} finally {
			if (texture) {
				images.forEach((m) => m.delete());
			}
			out.delete();
			mask.delete();
			w.delete();
		}
	}

	/**
	 * Without features to match: euclidean ECC at about 128 px from scales 0.85…1.15 about the
	 * centre, the best correlation refined by affine ECC at the working size.
	 */
	function eccScaleSearch(photo: Mat, baseline: Mat): Estimate | null {
		const k = baseline.cols / 128;
		const shrink = (m: Mat) => {
			const o = new cv.Mat();
			const size = new cv.Size(Math.round(m.cols / k), Math.round(m.rows / k));
			cv.resize(m, o, size, 0, 0, cv.INTER_AREA);
			return o;
		};
		const [ps, bs] = [shrink(photo), shrink(baseline)];
		let best: Estimate | null = null;
		for (let s = 0.85; s <= 1.151; s += 0.025) {
			const start: Similarity = {
				scale: s,
				rotationDeg: 0,
				dx: bs.cols / 2 - (s * ps.cols) / 2,
				dy: bs.rows / 2 - (s * ps.rows) / 2
			};
			const r = eccOnce(ps, bs, start, { affine: false, iterations: 30, eps: 1e-3 });
			if (r && (!best || r.cc > best.cc)) {
				best = r;
			}
		}
		ps.delete();
		bs.delete();
		if (!best) {
			return null;
		}
		const start = { ...best.t, dx: best.t.dx * k, dy: best.t.dy * k };
		return ecc(photo, baseline, start);
	}

	return { mat, orbSimilarity, ecc, eccScaleSearch };
}

interface EccOptions {
	affine?: boolean;
	iterations?: number;
	eps?: number;
	region?: Region;
	/** compare the images' fine texture (texture-ecc.ts), not the images */
	texture?: boolean;
}

/**
 * RANSAC over two-point similarity samples, iterations adapted to the inlier share (a fixed
 * 2000 cost 300–600 ms of JavaScript over 1500 matches; adaptive, 20–100 ms). Seeded, so the
 * same pair always gives the same answer.
 */
function ransac(pairs: [Point, Point][]): OrbEstimate | null {
	let seed = 12345;
	const random = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 4294967296;
	const inliersOf = (t: Similarity) =>
		pairs.filter(([p, q]) => {
			const [x, y] = apply(t, p);
			return Math.hypot(x - q[0], y - q[1]) < RANSAC_PX;
		});
	let best: Similarity | null = null;
	let bestCount = 0;
	let rounds = 1000;
	for (let it = 0; it < rounds; it++) {
		const i = Math.floor(random() * pairs.length);
		const j = Math.floor(random() * pairs.length);
		if (i === j || (pairs[i][0][0] === pairs[j][0][0] && pairs[i][0][1] === pairs[j][0][1])) {
			continue;
		}
		const t = fitSimilarity([pairs[i][0], pairs[j][0]], [pairs[i][1], pairs[j][1]]);
		if (!(t.scale > 0.5 && t.scale < 2)) {
			continue;
		}
		const count = inliersOf(t).length;
		if (count > bestCount) {
			[best, bestCount] = [t, count];
			const share = count / pairs.length;
			rounds = Math.min(1000, Math.ceil(Math.log(1e-3) / Math.log(1 - share * share)) + 10);
		}
	}
	if (!best || bestCount < 3) {
		return null;
	}
	let t = best;
	let inliers = inliersOf(t);
	for (let k = 0; k < 3 && inliers.length >= 2; k++) {
		t = fitSimilarity(
			inliers.map(([p]) => p),
			inliers.map(([, q]) => q)
		);
		inliers = inliersOf(t);
	}
	return { t, inliers: inliers.length, matches: pairs.length };
}
