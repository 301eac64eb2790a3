import { addNoise } from '../render-kit';
import { boxBlur } from './blur';
import { addBumps } from './grid';
import { spot } from './tone';
import type { Frame } from './frame';
import type { Scar } from './scars';

// Pigment a course treats, as 0..1 maps laid out once: melasma's patches (or scattered
// post-inflammatory spots) over the cheekbone, and the red or brown marks acne leaves around
// its scars. The light pass fades them session by session.

/**
 * Melasma: confluent patches whose edges break up into a net of islands, thresholded from noise
 * so the border is irregular at every scale; some patients have scattered PIH spots instead.
 */
export function melasmaMap(f: Frame, rnd: () => number): Float32Array {
	const { w, h, mm } = f;
	const map = new Float32Array(w * h);
	if (rnd() < 0.3) {
		for (let i = 10 + Math.floor(rnd() * 12); i > 0; i--) {
			const r = (1 + 1.6 * rnd()) * mm;
			spot(map, f, (0.1 + 0.8 * rnd()) * w, (0.1 + 0.8 * rnd()) * h, r, 0.3 + 0.3 * rnd(), 0.7);
		}
		return map;
	}
	// The patch's outline: overlapping soft blobs over the cheekbone, upper lateral in the frame.
	const blobs = Array.from({ length: 9 + Math.floor(rnd() * 6) }, () => ({
		x: w / 2 + (f.side * 6 + (rnd() - 0.5) * 40) * mm,
		y: h / 2 + (-8 + (rnd() - 0.5) * 44) * mm,
		r2: ((5 + 8 * rnd()) * mm) ** 2
	}));
	// Its texture: the patch breaks up into a net of islands towards its edge.
	addBumps(map, w, mm, 40, [0.9 * mm, 2.2 * mm], 0.3, rnd);
	addNoise(map, w, 0.8 * mm, 0.07, rnd);
	// The outline is smooth, so it is worked out on a coarse grid and interpolated.
	const step = Math.max(1, Math.round(mm / 3));
	const [gw, gh] = [Math.ceil(w / step) + 2, Math.ceil(h / step) + 2];
	const grid = new Float32Array(gw * gh);
	for (let j = 0; j < gh; j++) {
		for (let i = 0; i < gw; i++) {
			let body = 0;
			for (const b of blobs) {
				const d2 = ((i * step - b.x) ** 2 + (j * step - b.y) ** 2) / b.r2;
				if (d2 < 4) {
					body += Math.exp(-d2);
				}
			}
			grid[j * gw + i] = Math.min(body, 1.4);
		}
	}
	for (let y = 0, o = 0; y < h; y++) {
		const j = Math.floor(y / step);
		const fy = y / step - j;
		for (let x = 0; x < w; x++, o++) {
			const i = Math.floor(x / step);
			const fx = x / step - i;
			const g = j * gw + i;
			const top = grid[g] + (grid[g + 1] - grid[g]) * fx;
			const bottom = grid[g + gw] + (grid[g + gw + 1] - grid[g + gw]) * fx;
			const body = top + (bottom - top) * fy;
			const grain = map[o];
			const t = (body + grain - 0.5) / 0.7;
			const k = t <= 0 ? 0 : t >= 1 ? 1 : t * t * (3 - 2 * t);
			// Uneven inside too: denser pigment in islands across the patch.
			map[o] = 0.42 * k * (0.8 + grain);
		}
	}
	// The noise's lattice leaves square steps in a thresholded edge; pigment is never that crisp.
	const tmp = new Float32Array(w * h);
	boxBlur(map, map, tmp, w, h, 0.5 * mm);
	boxBlur(map, map, tmp, w, h, 0.5 * mm);
	return map;
}

/** Marks around some small scars and a few more where spots have healed flat. */
export function acneMarks(f: Frame, rnd: () => number, scars: Scar[]): Float32Array {
	const map = new Float32Array(f.w * f.h);
	for (const s of scars) {
		// Rolling scars are tethered dermis, not healed inflammation: no mark of their own, or
		// on deep skin they would read as pigment rather than relief.
		if (rnd() < 0.45 && s.kind !== 'rolling') {
			spot(map, f, s.x, s.y, (s.r + 0.8 + rnd()) * f.mm, 0.4 + 0.5 * rnd(), 0.8);
		}
	}
	for (let i = 4 + Math.floor(rnd() * 6); i > 0; i--) {
		const x = f.w / 2 + (rnd() - 0.5) * 0.8 * f.w;
		const y = f.h / 2 + (rnd() - 0.5) * 0.7 * f.h;
		spot(map, f, x, y, (1.2 + 1.8 * rnd()) * f.mm, 0.35 + 0.5 * rnd(), 0.8);
	}
	return map;
}
