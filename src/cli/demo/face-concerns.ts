import { addNoise, mulberry32, smooth } from './render-kit';
import { drawLines } from './face-lines';

/** What a demo face shows besides its skin; acne scars are drawn by skin-image.ts itself. */
export type FaceConcern = 'fine_lines' | 'wrinkles' | 'pigmentation' | 'texture';

export interface FaceMaps {
	/** height: grooves and pores are negative */
	hm: Float32Array;
	/** ambient occlusion: creases and pores trap light */
	ao: Float32Array;
	red: Float32Array;
	/** brown pigment, 0..1, darkening the skin's own colour */
	pig: Float32Array;
}

export interface FaceFrame {
	w: number;
	h: number;
	/** pixels per pixel of the 900 px wide original, so marks keep their size at any width */
	k: number;
	/**
	 * Image x of a point `off` (fraction of the width) from the face's midline on one side
	 * (0: the patient's right), or null when the view does not show that side.
	 */
	faceX: (off: number, side: 0 | 1) => number | null;
}

/**
 * Draws a concern into the face's maps. `progress` 0..1 is how far the course has gone; the
 * marks fade unevenly with it, as the acne scars do. Every random draw happens whatever the
 * view and progress, so a seed lays the marks out the same in every photo of a course.
 */
export function drawConcern(
	concern: FaceConcern,
	maps: FaceMaps,
	f: FaceFrame,
	seed: number,
	progress: number
) {
	const rnd = mulberry32(seed * 7919 + 101);
	const fade = (resp: number) => Math.max(0, 1 - progress * (0.45 + 0.5 * resp));
	if (concern === 'pigmentation') {
		melasma(maps, f, rnd, progress);
		return;
	}
	if (concern === 'texture') {
		pores(maps, f, rnd, progress);
		return;
	}
	drawLines(concern === 'wrinkles', maps, f, rnd, fade);
}

/**
 * Melasma: blotchy brown patches with ragged edges over both cheeks and across the forehead,
 * lightening and breaking up as the course goes on.
 */
function melasma(maps: FaceMaps, f: FaceFrame, rnd: () => number, progress: number) {
	const { w, h, k } = f;
	// Noise only for the rows the patches can reach (a view of the same buffer), which halves
	// the cost of the photo.
	const [band0, band1] = [Math.floor(0.2 * h) * w, Math.ceil(0.6 * h) * w];
	const noise = new Float32Array(w * h);
	const fine = new Float32Array(w * h);
	const band = noise.subarray(band0, band1);
	addNoise(band, w, 70 * k, 0.6, rnd);
	addNoise(band, w, 24 * k, 0.3, rnd);
	addNoise(band, w, 8 * k, 0.12, rnd);
	addNoise(fine.subarray(band0, band1), w, 5 * k, 0.5, rnd);
	const strength = 0.55 * (1 - 0.7 * progress);
	// The patches shrink as well as fade: the threshold rises with progress.
	const edge = -0.25 + 0.35 * progress;
	const blobs: [number, number, number, number][] = [];
	for (const side of [0, 1] as const) {
		const cheek = f.faceX(0.14, side);
		const brow = f.faceX(0.06, side);
		if (cheek !== null && brow !== null) {
			blobs.push([cheek, 0.45 * h, 0.075 * w, 0.06 * h], [brow, 0.28 * h, 0.06 * w, 0.028 * h]);
		}
	}
	for (const [bx, by, rx, ry] of blobs) {
		const [x0, x1] = [
			Math.max(0, Math.floor(bx - 1.6 * rx)),
			Math.min(w - 1, Math.ceil(bx + 1.6 * rx))
		];
		const [y0, y1] = [
			Math.max(0, Math.floor(by - 1.6 * ry)),
			Math.min(h - 1, Math.ceil(by + 1.6 * ry))
		];
		for (let y = y0; y <= y1; y++) {
			for (let x = x0; x <= x1; x++) {
				const o = y * w + x;
				const r2 = ((x - bx) / rx) ** 2 + ((y - by) / ry) ** 2;
				// Soft region falloff plus noise, cut by a threshold: irregular, map-like edges.
				const v = noise[o] + 0.55 * (1 - r2) - edge;
				// Pigment clumps inside a patch rather than lying in an even wash.
				const patch = smooth(v / 0.45) * strength * (0.75 + 0.5 * fine[o]);
				maps.pig[o] = Math.max(maps.pig[o], patch);
			}
		}
	}
}

/**
 * Enlarged pores and rough skin over the nose and inner cheeks: dense small pits on a bumpy
 * ground, both refining as the course goes on.
 */
function pores(maps: FaceMaps, f: FaceFrame, rnd: () => number, progress: number) {
	const { w, h, k } = f;
	const rough = new Float32Array(w * h);
	addNoise(rough.subarray(Math.floor(0.3 * h) * w, Math.ceil(0.62 * h) * w), w, 3.2 * k, 0.5, rnd);
	const regions: [number, number, number, number, number][] = [];
	for (const side of [0, 1] as const) {
		// Each side carries half the nose, so the two halves add up to one nose's worth.
		const nose = f.faceX(0.014, side);
		const cheek = f.faceX(0.1, side);
		if (nose !== null && cheek !== null) {
			regions.push(
				[nose, 0.425 * h, 0.02 * w, 0.05 * h, 0.6],
				[cheek, 0.475 * h, 0.045 * w, 0.055 * h, 1]
			);
		}
	}
	const keep = 1 - 0.75 * progress;
	for (const [bx, by, rx, ry, dense] of regions) {
		const [x0, x1] = [
			Math.max(1, Math.floor(bx - 1.5 * rx)),
			Math.min(w - 2, Math.ceil(bx + 1.5 * rx))
		];
		const [y0, y1] = [
			Math.max(1, Math.floor(by - 1.5 * ry)),
			Math.min(h - 2, Math.ceil(by + 1.5 * ry))
		];
		for (let y = y0; y <= y1; y++) {
			for (let x = x0; x <= x1; x++) {
				const m = Math.exp(-(((x - bx) / rx) ** 2 + ((y - by) / ry) ** 2));
				maps.hm[y * w + x] += rough[y * w + x] * 0.5 * m * keep;
			}
		}
		// Pits on a jittered grid, so they are dense but never clump into scars.
		const gap = 4.6 * k;
		for (let y = y0; y <= y1; y += gap) {
			for (let x = x0; x <= x1; x += gap) {
				const [jx, jy, size, resp] = [rnd(), rnd(), rnd(), rnd()];
				const [px, py] = [x + (jx - 0.5) * gap, y + (jy - 0.5) * gap];
				const m = Math.exp(-(((px - bx) / rx) ** 2 + ((py - by) / ry) ** 2));
				const remain = Math.max(0, 1 - progress * (0.5 + 0.6 * resp));
				if (m * dense < 0.1 + 0.4 * size * size || remain <= 0) {
					continue;
				}
				pit(maps, f, px, py, (1.1 + 1 * size) * k * (0.6 + 0.4 * remain), 1.1 * m * remain);
			}
		}
	}
}

function pit(maps: FaceMaps, f: FaceFrame, px: number, py: number, r: number, depth: number) {
	const reach = Math.ceil(r * 1.5);
	for (
		let y = Math.max(0, Math.round(py) - reach);
		y <= Math.min(f.h - 1, Math.round(py) + reach);
		y++
	) {
		for (
			let x = Math.max(0, Math.round(px) - reach);
			x <= Math.min(f.w - 1, Math.round(px) + reach);
			x++
		) {
			const r2 = ((x - px) ** 2 + (y - py) ** 2) / (r * r);
			if (r2 < 1) {
				const o = y * f.w + x;
				maps.hm[o] -= depth * (1 - r2) * (1 - r2);
				maps.ao[o] += depth * (1 - r2) * 0.5;
				maps.red[o] += 0.04 * depth;
			}
		}
	}
}
