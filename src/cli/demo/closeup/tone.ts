import { addNoise } from '../render-kit';
import { addBumps } from './grid';
import type { Frame } from './frame';

// The skin's colour before any concern: melanin and hemoglobin as two maps, each mottled at
// several scales, with freckles, a mole or two and, on fair skin, a few fine capillaries. The
// light pass turns them into a colour with the patient's base tone (render-kit's skinFor).

export interface Mole {
	x: number;
	y: number;
	/** radius, mm */
	r: number;
}

export interface Tone {
	/** extra melanin, 0 = the base tone; about 1 darkens by half */
	melanin: Float32Array;
	/** extra blood, 0 = the base tone; 1 is a flushed patch */
	blood: Float32Array;
	moles: Mole[];
	/** how oily the surface is, so how strongly it shines: more towards the nose */
	oil: Float32Array;
}

const BLOOD_FLOOR = 0.16;

/** depth: 0 on the fairest skin, 1 on the deepest (Skin.depth). */
export function toneFor(f: Frame, rnd: () => number, depth: number): Tone {
	const { w, h, mm } = f;
	// The belly is kept from the sun and has no cheek's flush: its tone is far more even, with
	// no freckles to speak of and no broken capillaries.
	const face = f.site === 'abdomen' ? 0 : 1;
	const melanin = new Float32Array(w * h);
	addBumps(melanin, w, mm, 0.6, [6 * mm, 14 * mm], 0.05 + 0.03 * face, rnd);
	addBumps(melanin, w, mm, 8, [1.2 * mm, 3 * mm], 0.06, rnd);
	// Melanin's finest mottle is below a millimetre, where noise's lattice is too small to see.
	addNoise(melanin, w, 0.7 * mm, 0.035, rnd);
	const blood = new Float32Array(w * h);
	addBumps(blood, w, mm, 0.6, [7 * mm, 16 * mm], 0.08 + 0.17 * face, rnd);
	addBumps(blood, w, mm, 6, [1.5 * mm, 4 * mm], 0.05 + 0.07 * face, rnd);
	addNoise(blood, w, 1.0 * mm, 0.05, rnd);
	for (let i = 0; i < blood.length; i++) {
		// Even the palest patch of a cheek keeps some blood: with none the tone turns grey-green.
		const v = blood[i] + 0.25;
		blood[i] = v > BLOOD_FLOOR ? v : BLOOD_FLOOR * Math.exp((v - BLOOD_FLOOR) / BLOOD_FLOOR);
	}
	// Sun freckles and small lentigines, more of them on fair skin.
	const freckles = Math.floor((rnd() < 0.5 ? 6 : 30) * (1 - depth) * (0.1 + 0.9 * face) * rnd());
	for (let i = 0; i < freckles; i++) {
		spot(melanin, f, rnd() * w, rnd() * h, (0.3 + 0.6 * rnd()) * mm, 0.2 + 0.3 * rnd());
	}
	const moles: Mole[] = [];
	for (let i = rnd() < 0.35 ? 2 : 1; i > 0; i--) {
		const m = { x: (0.1 + 0.8 * rnd()) * w, y: (0.1 + 0.8 * rnd()) * h, r: 0.8 + 1.2 * rnd() };
		// Not on the jaw's rolled edge, where it would be a dark blot on the silhouette.
		const below = Math.min(h - 1, Math.floor(m.y + 4 * m.r * mm));
		if (f.cover[below * w + Math.floor(m.x)] < 1) {
			continue;
		}
		mole(melanin, f, m.x, m.y, m.r * mm, rnd);
		moles.push(m);
	}
	if (depth < 0.5 && face) {
		for (let i = Math.floor(rnd() * 4); i > 0; i--) {
			capillary(blood, f, rnd, 1 - depth * 2);
		}
	}
	const oil = new Float32Array(w * h);
	// (a belly's sheen is even too: patches of shine there read as blotches)
	addBumps(oil, w, mm, 1, [4 * mm, 10 * mm], 0.12 + 0.23 * face, rnd);
	for (let y = 0, o = 0; y < h; y++) {
		for (let x = 0; x < w; x++, o++) {
			// The belly has fewer oil glands than the face, and no nose to gather towards.
			const medial = f.site === 'abdomen' ? -0.3 : 0.5 - (f.side * (x - w / 2)) / w;
			oil[o] = Math.max(0.1, 0.55 + 0.45 * medial + oil[o]);
		}
	}
	return { melanin, blood, moles, oil };
}

/** A round stain with a soft rim, `edge` of its radius wide. */
export function spot(
	map: Float32Array,
	f: Frame,
	cx: number,
	cy: number,
	r: number,
	amount: number,
	edge = 0.6
) {
	const reach = Math.ceil(r + 2);
	for (let y = Math.max(0, Math.floor(cy - reach)); y <= Math.min(f.h - 1, cy + reach); y++) {
		for (let x = Math.max(0, Math.floor(cx - reach)); x <= Math.min(f.w - 1, cx + reach); x++) {
			const d = Math.hypot(x - cx, y - cy) / r;
			const k = Math.min(1, Math.max(0, (1 - d) / edge));
			map[y * f.w + x] += amount * k * k * (3 - 2 * k);
		}
	}
}

/** A mole: an uneven brown, darker in places, its edge not quite round. */
function mole(map: Float32Array, f: Frame, cx: number, cy: number, r: number, rnd: () => number) {
	const lobes = [rnd(), rnd(), rnd()].map((a) => a * Math.PI * 2);
	const amount = 1.6 + 0.8 * rnd();
	const reach = Math.ceil(r * 1.3 + 2);
	for (let y = Math.max(0, Math.floor(cy - reach)); y <= Math.min(f.h - 1, cy + reach); y++) {
		for (let x = Math.max(0, Math.floor(cx - reach)); x <= Math.min(f.w - 1, cx + reach); x++) {
			const a = Math.atan2(y - cy, x - cx);
			const edge = r * (1 + 0.08 * Math.sin(2 * a + lobes[0]) + 0.06 * Math.sin(3 * a + lobes[1]));
			const d = Math.hypot(x - cx, y - cy) / edge;
			const k = Math.min(1, Math.max(0, (1 - d) / 0.3));
			// Darker towards the middle and unevenly round it, never in a pattern.
			const mottle = 0.8 + 0.2 * (1 - d) + 0.08 * Math.sin(5 * a + lobes[2]) * d;
			map[y * f.w + x] += amount * mottle * k * k * (3 - 2 * k);
		}
	}
}

/** A thin, wandering red vessel, a few millimetres long. */
function capillary(blood: Float32Array, f: Frame, rnd: () => number, strength: number) {
	let [x, y] = [rnd() * f.w, rnd() * f.h];
	let angle = rnd() * Math.PI * 2;
	const steps = Math.floor((4 + 10 * rnd()) * f.mm);
	for (let s = 0; s < steps; s++) {
		angle += (rnd() - 0.5) * 0.5;
		x += Math.cos(angle);
		y += Math.sin(angle);
		const [ix, iy] = [Math.floor(x), Math.floor(y)];
		if (ix < 1 || iy < 1 || ix >= f.w - 1 || iy >= f.h - 1) {
			break;
		}
		const o = iy * f.w + ix;
		const fade = strength * Math.min(1, (4 * s) / steps, (4 * (steps - s)) / steps);
		blood[o] += 1.1 * fade;
		blood[o + 1] += 0.3 * fade;
		blood[o + f.w] += 0.3 * fade;
	}
}
