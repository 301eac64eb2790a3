// The alignment strategy, inside the worker: faces start from their landmarks, everything else
// from ORB features, and both are finished by ECC; the capture quality is then measured on the
// aligned pair.
import type { Human } from '@vladmandic/human';
import { findLandmarks, type Landmarks } from './landmarks';
import type { Prepared } from './prepare';
import { compareQuality, regionStats, type Box, type Quality, type Rgb } from './quality';
import type { Estimate, OrbEstimate, Region, registration } from './registration';
import {
	apply,
	compose,
	fitSimilarity,
	invert,
	rescale,
	toAffine,
	type Similarity
} from './similarity';
import { MIN_CONFIDENCE, RETRY_BELOW } from './tolerances';
import { faceInOriginal } from './face-geometry';
import type { AlignMethod, AlignResult, PhotoView } from './types';

export interface Engines {
	human: Human;
	// eslint-disable-next-line @typescript-eslint/no-explicit-any -- see registration.ts
	cv: any;
	reg: ReturnType<typeof registration>;
}

/** The views where a face is expected and its landmarks are reliable (not the profiles). */
const FACE_VIEWS: ReadonlySet<PhotoView> = new Set(['front', 'left45', 'right45']);
/** human's score under which a "face" is not trusted as one (a real face scores 0.9–1.0) */
const FACE_SCORE = 0.5;
/** ECC compares the baseline's face box grown by this share each way (the jaw line, the hair) */
const FACE_MARGIN = 0.05;
/**
 * ORB matches that agree this well settle the geometry even when the correlation is under
 * RETRY_BELOW: skin that changed on purpose between sessions (stretch marks fading and
 * narrowing) correlates at about 0.90 while 118–206 of 134–242 matches fit one similarity,
 * and the scale search then only added ~600 ms a photo (16 of 16 within tolerance without it).
 */
const AGREED = { inliers: 40, share: 0.5 };
const agreed = (orb: OrbEstimate | null) =>
	!!orb && orb.inliers >= AGREED.inliers && orb.inliers >= AGREED.share * orb.matches;

export async function landmarksOf(e: Engines, p: Prepared): Promise<Landmarks | null> {
	if (p.landmarks === undefined) {
		const found = await findLandmarks(e.human, p.rgb);
		p.landmarks = found && found.score >= FACE_SCORE ? found : null;
	}
	return p.landmarks;
}

export async function alignPair(
	e: Engines,
	photo: Prepared,
	baseline: Prepared,
	view: PhotoView
): Promise<AlignResult> {
	const faces = FACE_VIEWS.has(view)
		? { photo: await landmarksOf(e, photo), baseline: await landmarksOf(e, baseline) }
		: null;
	let best: (Estimate & { method: AlignMethod }) | null = null;
	if (photo === baseline) {
		// A baseline measured against itself (its face and sharpness): nothing to register.
		const identity = { scale: 1, rotationDeg: 0, dx: 0, dy: 0 };
		return result(e, photo, baseline, faces, { t: identity, cc: 1, method: 'ecc' });
	}
	const P = e.reg.mat(photo.grey);
	const B = e.reg.mat(baseline.grey);
	const consider = (r: Estimate | null, method: AlignMethod) => {
		if (r && (!best || r.cc > best.cc)) {
			best = { ...r, method };
		}
		return best !== null && best.cc >= RETRY_BELOW;
	};
	try {
		let done = false;
		if (faces?.photo && faces.baseline) {
			done = consider(
				byFace(e, P, B, photo, baseline, faces.photo, faces.baseline),
				'face-landmarks+ecc'
			);
		}
		if (!done) {
			const orb = e.reg.orbSimilarity(P, B);
			const refined = orb && e.reg.ecc(P, B, orb.t);
			const settled = !!refined && refined.cc >= MIN_CONFIDENCE && agreed(orb);
			// `best` is set inside `consider`, which TypeScript cannot follow
			const sofar = best as Estimate | null;
			const better = !!refined && (!sofar || refined.cc > sofar.cc);
			done = consider(refined, 'orb+ecc') || (settled && better);
		}
		if (!done) {
			consider(e.reg.eccScaleSearch(P, B), 'ecc');
		}
	} finally {
		P.delete();
		B.delete();
	}
	return result(e, photo, baseline, faces, best as (Estimate & { method: AlignMethod }) | null);
}

function result(
	e: Engines,
	photo: Prepared,
	baseline: Prepared,
	faces: { photo: Landmarks | null; baseline: Landmarks | null } | null,
	found: (Estimate & { method: AlignMethod }) | null
): AlignResult {
	const kept = found && found.cc >= MIN_CONFIDENCE ? found : null;
	const t = kept ? rescale(kept.t, photo.kGrey, baseline.kGrey) : null;
	const quality = measureQuality(e, photo, baseline, t, faces);
	return {
		alignment:
			kept && t
				? {
						method: kept.method,
						confidence: round(Math.min(1, Math.max(0, kept.cc)), 4),
						scale: round(t.scale, 6),
						rotationDeg: round(t.rotationDeg, 4),
						dx: round(t.dx, 2),
						dy: round(t.dy, 2)
					}
				: null,
		...(kept
			? {}
			: {
					reason: found
						? `Alignment unsure: correlation ${found.cc.toFixed(2)} is under ${MIN_CONFIDENCE}`
						: 'No alignment found: the photos have nothing in common to register'
				}),
		face: faces?.photo ? faceInOriginal(faces.photo, photo.kRgb) : null,
		quality
	};
}

/** Landmarks (all 468 mesh points) for the start, ECC inside the baseline's face for the rest. */
function byFace(
	e: Engines,
	P: unknown,
	B: unknown,
	photo: Prepared,
	baseline: Prepared,
	lp: Landmarks,
	lb: Landmarks
): Estimate | null {
	// mesh points are in each image's RGB working pixels: bring them to the grey working ones
	const toGrey = (pts: Landmarks['mesh'], p: Prepared) =>
		pts.map(([x, y]) => [(x * p.kRgb) / p.kGrey, (y * p.kRgb) / p.kGrey] as const);
	const start = fitSimilarity(toGrey(lp.mesh, photo), toGrey(lb.mesh, baseline));
	const k = baseline.kRgb / baseline.kGrey;
	const [x, y, w, h] = lb.box;
	const region: Region = {
		x: (x - FACE_MARGIN * w) * k,
		y: (y - FACE_MARGIN * h) * k,
		w: (1 + 2 * FACE_MARGIN) * w * k,
		h: (1 + 2 * FACE_MARGIN) * h * k
	};
	return e.reg.ecc(P, B, start, { region });
}

/**
 * Sharpness, exposure and colour over the same part of both photos: the photo is warped into the
 * baseline's frame (by the alignment, or by matching the frames when there is none) and the
 * baseline's face, or the middle 60 % of the frame, is compared, only where the photo has pixels.
 */
function measureQuality(
	e: Engines,
	photo: Prepared,
	baseline: Prepared,
	full: Similarity | null,
	faces: { photo: Landmarks | null; baseline: Landmarks | null } | null
): Quality {
	const { cv } = e;
	const b = baseline.rgb;
	const t = full
		? rescale(full, 1 / photo.kRgb, 1 / baseline.kRgb)
		: { scale: b.width / photo.rgb.width, rotationDeg: 0, dx: 0, dy: 0 };
	const face = faces?.baseline?.box;
	const [x, y, w, h] = face ?? [0.2 * b.width, 0.2 * b.height, 0.6 * b.width, 0.6 * b.height];
	const region = clampBox({ x, y, w, h }, b);
	// Colour and light: the photo warped onto the baseline's region only, compared pixel for pixel
	// where the photo has pixels. Sharpness: each photo's own pixels (a warp's interpolation would
	// blur them), both resampled alike.
	const src = new cv.Mat(photo.rgb.height, photo.rgb.width, cv.CV_8UC3);
	src.data.set(photo.rgb.data);
	const ones = new cv.Mat(photo.rgb.height, photo.rgb.width, cv.CV_8UC1, new cv.Scalar(255));
	const toRegion = compose({ scale: 1, rotationDeg: 0, dx: -region.x, dy: -region.y }, t);
	const m = cv.matFromArray(2, 3, cv.CV_64F, [...toAffine(toRegion)]);
	const [warped, mask] = [new cv.Mat(), new cv.Mat()];
	const size = new cv.Size(region.w, region.h);
	cv.warpAffine(src, warped, m, size, cv.INTER_LINEAR, cv.BORDER_CONSTANT, new cv.Scalar(0, 0, 0));
	cv.warpAffine(ones, mask, m, size, cv.INTER_NEAREST, cv.BORDER_CONSTANT, new cv.Scalar(0));
	const warpedRgb = {
		data: Uint8Array.from(warped.data),
		width: region.w,
		height: region.h,
		channels: 3
	};
	const valid = Uint8Array.from(mask.data);
	for (const mat of [src, ones, m, warped, mask]) {
		mat.delete();
	}
	const inPhoto = boundsIn(region, invert(t), photo.rgb);
	// both at the same size, no larger than the smaller of the two (enlarging would smooth it)
	const side = Math.min(
		SHARPNESS_SIZE,
		Math.max(inPhoto.w, inPhoto.h),
		Math.max(region.w, region.h)
	);
	const stats = (colour: Rgb, own: Rgb, box: Box) => {
		const { sharpness, samples } = regionStats(shrunk(cv, own, box, side));
		return { linear: regionStats(colour, undefined, valid).linear, sharpness, samples };
	};
	const baselineRegion = shrunk(cv, b, region, Math.max(region.w, region.h));
	const quality = compareQuality(
		stats(warpedRgb, photo.rgb, inPhoto),
		stats(baselineRegion, b, region),
		{
			alignment: full,
			photoSize: photo.original,
			baselineSize: baseline.original,
			faces:
				faces?.photo && faces.baseline
					? {
							photo: { yawDeg: faces.photo.yawDeg, rollDeg: faces.photo.rollDeg },
							baseline: { yawDeg: faces.baseline.yawDeg, rollDeg: faces.baseline.rollDeg }
						}
					: undefined
		}
	);
	return quality;
}

const round = (v: number, digits: number) => Number(v.toFixed(digits));

/**
 * Sharpness is compared at most at this size (long side), both regions resampled alike. Smaller
 * sizes miss real blur; larger ones take a resampled photo's softness for blur (Obama fixture:
 * at 256 px clean moved copies kept 0.84–0.95 of the baseline's Laplacian, a σ 1.5 px blur 0.48;
 * at 400 px the clean copies fell to 0.61).
 */
const SHARPNESS_SIZE = 256;

/** A region of an image, cut out and shrunk by area averaging to `side` on its long side. */
function shrunk(cv: Engines['cv'], img: Rgb, box: Box, side: number): Rgb {
	const src = new cv.Mat(img.height, img.width, cv.CV_8UC3);
	src.data.set(img.data);
	const x = Math.max(0, Math.floor(box.x));
	const y = Math.max(0, Math.floor(box.y));
	const w = Math.max(1, Math.min(img.width, Math.ceil(box.x + box.w)) - x);
	const h = Math.max(1, Math.min(img.height, Math.ceil(box.y + box.h)) - y);
	const roi = src.roi(new cv.Rect(x, y, w, h));
	const k = Math.min(1, side / Math.max(w, h));
	const out = new cv.Mat();
	const size = new cv.Size(Math.max(1, Math.round(w * k)), Math.max(1, Math.round(h * k)));
	cv.resize(roi, out, size, 0, 0, cv.INTER_AREA);
	const result = {
		data: Uint8Array.from(out.data),
		width: out.cols,
		height: out.rows,
		channels: 3
	};
	for (const m of [src, roi, out]) {
		m.delete();
	}
	return result;
}

/** A box in whole pixels, inside the image and at least 8 px each way. */
function clampBox(box: Box, img: { width: number; height: number }): Box {
	const x = Math.min(Math.max(0, Math.round(box.x)), img.width - 8);
	const y = Math.min(Math.max(0, Math.round(box.y)), img.height - 8);
	const w = Math.max(8, Math.min(img.width - x, Math.round(box.w)));
	const h = Math.max(8, Math.min(img.height - y, Math.round(box.h)));
	return { x, y, w, h };
}

/** The axis-aligned bounds, in an image, of a box moved by `t` (clamped to the image). */
function boundsIn(box: Box, t: Similarity, img: { width: number; height: number }): Box {
	const corners = [
		apply(t, [box.x, box.y]),
		apply(t, [box.x + box.w, box.y]),
		apply(t, [box.x, box.y + box.h]),
		apply(t, [box.x + box.w, box.y + box.h])
	];
	const xs = corners.map((c) => Math.min(img.width, Math.max(0, c[0])));
	const ys = corners.map((c) => Math.min(img.height, Math.max(0, c[1])));
	const [x, y] = [Math.min(...xs), Math.min(...ys)];
	return { x, y, w: Math.max(...xs) - x, h: Math.max(...ys) - y };
}
