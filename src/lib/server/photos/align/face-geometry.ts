// A detected face in the original's pixels, and where a bar covering both eyes goes.
import type { Landmarks } from './landmarks';
import type { Point } from './similarity';
import type { DetectedFace, Face } from './types';

/**
 * The bar reaches past the eye outlines by this share of the distance between the irises
 * sideways, and up and down: the lids, the inner corners and the outer creases are covered too.
 */
const BAR_MARGIN_X = 0.3;
const BAR_MARGIN_Y = 0.25;

const scaled = ([x, y]: Point, k: number): [number, number] => [round(x * k), round(y * k)];

/** Landmarks found at a working size, in the full-size original's pixels (factor `k`). */
export function faceInOriginal(l: Landmarks, k: number): Face {
	const [x, y, w, h] = l.box;
	return {
		box: [round(x * k), round(y * k), round(w * k), round(h * k)],
		eyes: [scaled(l.eyes[0], k), scaled(l.eyes[1], k)]
	};
}

/** The eye bar as fractions of the photo (0–1), clamped to the frame. */
export function eyeBar(
	l: Landmarks,
	size: { width: number; height: number }
): DetectedFace['eyeBar'] {
	const xs = l.eyeOutline.map((p) => p[0]);
	const ys = l.eyeOutline.map((p) => p[1]);
	const d = Math.hypot(l.eyes[1][0] - l.eyes[0][0], l.eyes[1][1] - l.eyes[0][1]);
	const x0 = clamp01((Math.min(...xs) - BAR_MARGIN_X * d) / size.width);
	const x1 = clamp01((Math.max(...xs) + BAR_MARGIN_X * d) / size.width);
	const y0 = clamp01((Math.min(...ys) - BAR_MARGIN_Y * d) / size.height);
	const y1 = clamp01((Math.max(...ys) + BAR_MARGIN_Y * d) / size.height);
	return { x: frac(x0), y: frac(y0), w: frac(x1 - x0), h: frac(y1 - y0) };
}

const clamp01 = (v: number) => Math.min(1, Math.max(0, v));
const round = (v: number) => Math.round(v * 10) / 10;
const frac = (v: number) => Math.round(v * 1e4) / 1e4;
