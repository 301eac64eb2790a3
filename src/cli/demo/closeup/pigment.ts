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
 * Melasma: a confluent patch over the cheekbone, mottled and reticulated inside (a net of
 * darker pigment round lighter islands, with freckle-like flecks), whose edge fades over a few
 * millimetres as the net thins out into the skin; some patients have scattered PIH spots
 * instead. The light pass multiplies it into the skin's colour, so pores and texture show
 * through.
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
	// The net: pigment gathers along a mesh a few millimetres across, with lighter islands in
	// its holes; a broader field makes some parts of the patch denser than others.
	const net = new Float32Array(w * h);
	addBumps(net, w, mm, 45, [0.8 * mm, 1.8 * mm], 1, rnd);
	addNoise(net, w, 0.6 * mm, 0.25, rnd);
	const broad = new Float32Array(w * h);
	addBumps(broad, w, mm, 2, [3 * mm, 7 * mm], 0.35, rnd);
	// Freckle-like flecks, darker than the patch, most of them inside it.
	const flecks = new Float32Array(w * h);
	for (let i = 60 + Math.floor(rnd() * 60); i > 0; i--) {
		const [x, y] = [rnd() * w, rnd() * h];
		if (envelope(blobs, x, y) > 0.25 + 0.6 * rnd()) {
			spot(flecks, f, x, y, (0.25 + 0.45 * rnd()) * mm, 0.3 + 0.4 * rnd(), 0.8);
		}
	}
	// The outline is smooth, so it is worked out on a coarse grid and interpolated.
	const step = Math.max(1, Math.round(mm / 3));
	const [gw, gh] = [Math.ceil(w / step) + 2, Math.ceil(h / step) + 2];
	const grid = new Float32Array(gw * gh);
	for (let j = 0; j < gh; j++) {
		for (let i = 0; i < gw; i++) {
			grid[j * gw + i] = envelope(blobs, i * step, j * step);
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
			const body = top + (bottom - top) * fy + broad[o];
			// The mesh: 0 in an island's middle, 1 along the net's strands.
			const mesh = 1 / (1 + Math.exp(-3 * net[o]));
			// Towards the edge only the net's strands keep pigment, and they fade out too.
			const t = (body * (0.5 + 0.9 * mesh) - 0.12) / 1.3;
			const k = t <= 0 ? 0 : t >= 1 ? 1 : t * t * (3 - 2 * t);
			// and a faint haze of pigment reaches a little way past them
			const haze = body < 0.6 ? body / 0.6 : 1;
			map[o] = k * (0.2 + 0.26 * mesh) + 0.05 * haze + flecks[o] * Math.min(1, 0.3 + k);
		}
	}
	// Pigment is never crisper than the light scattering in the skin lets it look.
	const tmp = new Float32Array(w * h);
	boxBlur(map, map, tmp, w, h, 0.3 * mm);
	return map;
}

/** How far inside the patch's outline a point lies: 0 outside, about 1 in its body. */
function envelope(blobs: { x: number; y: number; r2: number }[], x: number, y: number): number {
	let body = 0;
	for (const b of blobs) {
		const d2 = ((x - b.x) ** 2 + (y - b.y) ** 2) / b.r2;
		if (d2 < 4) {
			body += Math.exp(-d2);
		}
	}
	return Math.min(body, 1.4);
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
