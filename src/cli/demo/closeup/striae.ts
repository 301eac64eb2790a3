import { addNoise } from '../render-kit';
import type { Frame } from './frame';
import type { Pore } from './pores';

// Stretch marks (striae distensae) on the abdomen: roughly parallel, gently curved bands 2–8 mm
// wide where the dermis tore as the skin stretched. Each band is a shallow trough whose thin
// floor is finely crinkled across it, like tissue paper, with few pores and no hair. Young
// marks (striae rubrae) are red to violet, purple-brown on deep skin; mature ones (striae
// albae) are paler than the skin and a little shiny. Laid out once per patch; each session
// stamps them a little shallower and narrower as microneedling rebuilds the dermis.

export interface Striae {
	/** distance from the nearest band's middle in its half-widths (large outside any band) */
	across: Float32Array;
	/** depth of that band's floor before treatment, mm */
	depth: Float32Array;
	/** the floor's fine transverse creases, mm (≤ 0), full strength */
	crinkle: Float32Array;
	/** how young that band is: 1 red (rubra), 0 white (alba) */
	red: Float32Array;
}

/** What a session makes of the marks: each a multiple of how they were before treatment. */
export interface StriaeStrength {
	depth: number;
	width: number;
	crinkle: number;
	red: number;
	pale: number;
}

export function striaeStrengthAt(p: number): StriaeStrength {
	// Redness answers treatment best; the bands themselves only shrink and fill a little.
	return {
		depth: 1 - 0.3 * p,
		width: 1 - 0.25 * p,
		crinkle: 1 - 0.4 * p,
		red: 1 - 0.7 * p,
		pale: 1 - 0.35 * p
	};
}

interface Band {
	/**
	 * centreline, px, with the half-width at each point (px), the distance along it (mm) and
	 * how deep it is there (a band shallows as it narrows to its end)
	 */
	pts: { x: number; y: number; hw: number; s: number; dk: number }[];
	depth: number;
	red: number;
}

/** How far out of a band's middle, in half-widths, its edge still shapes the skin. */
const REACH = 1.7;
const STEP_MM = 1.5;
/** Shallower than this (mm), a band's colour fades with its depth. */
const FADE_MM = 0.07;

export function striaeFor(f: Frame, rnd: () => number): Striae {
	const { w, h, mm } = f;
	const n = w * h;
	const across = new Float32Array(n).fill(9);
	const depth = new Float32Array(n);
	const red = new Float32Array(n);
	const along = new Float32Array(n);
	// One skin's tension lines: the bands of a patch share a direction, near the horizontal on
	// the lower belly, and how young they are (a mix, most of them already paling).
	const dir = (rnd() - 0.5) * 0.8 + f.side * 0.2;
	const young = 0.25 + 0.35 * rnd();
	const count = 4 + Math.floor(rnd() * 3);
	const bands: Band[] = [];
	const spread = 100;
	for (let i = 0; i < count; i++) {
		const offset = -spread / 2 + ((i + 0.25 + 0.5 * rnd()) * spread) / count;
		const band = bandAlong(f, rnd, dir + (rnd() - 0.5) * 0.16, offset, young);
		bands.push(band);
		if (rnd() < 0.4) {
			bands.push(branchOf(f, rnd, band));
		}
	}
	for (const b of bands) {
		rasterise(f, b, across, depth, red, along);
	}
	// Creases across the band, about half a millimetre apart but never evenly: they bunch and
	// spread, bend and break, as crumpled tissue paper does (a steady spacing reads as a comb).
	const waver = new Float32Array(n);
	addNoise(waver, w, 2.6 * mm, 1.3, rnd);
	addNoise(waver, w, 1.1 * mm, 0.9, rnd);
	addNoise(waver, w, 0.4 * mm, 0.25, rnd);
	const strength = new Float32Array(n);
	addNoise(strength, w, 0.9 * mm, 0.8, rnd);
	addNoise(strength, w, 2.2 * mm, 0.4, rnd);
	// A band's colour is uneven along it, as the tear healed faster in some places.
	const blotch = new Float32Array(n);
	addNoise(blotch, w, 2.5 * mm, 0.3, rnd);
	const crinkle = new Float32Array(n);
	for (let o = 0; o < n; o++) {
		if (across[o] < REACH) {
			red[o] *= 0.85 + blotch[o];
			const phase = Math.PI * (along[o] / 0.5 + waver[o]);
			const valley = (1 - Math.abs(Math.sin(phase))) ** 3;
			const k = 0.55 + strength[o];
			crinkle[o] = -0.03 * valley * (k > 0.1 ? k : 0.1);
		}
	}
	return { across, depth, crinkle, red };
}

/** A band crossing the frame, or starting or ending inside it with a tapered point. */
function bandAlong(f: Frame, rnd: () => number, dir: number, offset: number, young: number): Band {
	const [c, s] = [Math.cos(dir), Math.sin(dir)];
	const half = 1 + 2.6 * rnd() ** 1.4;
	const through = rnd() < 0.5;
	const t0 = through || rnd() < 0.5 ? -75 : -30 + 40 * rnd();
	const t1 = through || t0 > -75 ? 75 : -10 + 40 * rnd();
	const bow = (rnd() - 0.5) * 0.004;
	const [ph1, ph2] = [rnd() * 6.3, rnd() * 6.3];
	const taper = 10 + 10 * rnd();
	const red = rnd() < young ? 0.7 + 0.3 * rnd() : 0.2 * rnd();
	const pts: Band['pts'] = [];
	for (let t = t0; t <= t1; t += STEP_MM) {
		const v = offset + bow * t * t + 1.6 * Math.sin(t / 19 + ph1);
		const swell = 1 + 0.22 * Math.sin(t / 11 + ph2);
		const end = Math.min(1, (t - t0) / taper, (t1 - t) / taper);
		const tip = Math.max(0.05, end);
		pts.push({
			x: f.w / 2 + (t * c - v * s) * f.mm,
			y: f.h / 2 + (t * s + v * c) * f.mm,
			hw: half * swell * tip ** 0.6 * f.mm,
			s: t,
			dk: tip
		});
	}
	return { pts, depth: 0.09 + 0.03 * half + 0.04 * rnd(), red };
}

/** A narrower band that splits off a band and runs out a little way on. */
function branchOf(f: Frame, rnd: () => number, parent: Band): Band {
	const from = Math.floor(parent.pts.length * (0.2 + 0.5 * rnd()));
	const len = Math.floor((15 + 25 * rnd()) / STEP_MM);
	const turn = (rnd() < 0.5 ? -1 : 1) * (0.1 + 0.12 * rnd());
	const narrow = 0.45 + 0.3 * rnd();
	const pts: Band['pts'] = [];
	for (let i = 0; i < len && from + i < parent.pts.length; i++) {
		const p = parent.pts[from + i];
		const q = parent.pts[Math.min(parent.pts.length - 1, from + i + 1)];
		const [tx, ty] = [q.x - p.x, q.y - p.y];
		const tl = Math.hypot(tx, ty) || 1;
		const off = turn * i * STEP_MM * f.mm * (0.5 + (0.5 * i) / len);
		const end = Math.min(1, (len - i) / (0.4 * len));
		pts.push({
			x: p.x - (ty / tl) * off,
			y: p.y + (tx / tl) * off,
			hw: p.hw * narrow * Math.max(0.05, end) ** 0.6,
			s: p.s,
			dk: p.dk * Math.max(0.05, end)
		});
	}
	return { pts, depth: parent.depth * 0.8, red: parent.red };
}

/** Marks each pixel near the band with its distance from the middle, if nearer than others. */
function rasterise(
	f: Frame,
	b: Band,
	across: Float32Array,
	depth: Float32Array,
	red: Float32Array,
	along: Float32Array
) {
	const { w, h } = f;
	for (let i = 1; i < b.pts.length; i++) {
		const a = b.pts[i - 1];
		const e = b.pts[i];
		const reach = REACH * Math.max(a.hw, e.hw) + 1;
		const x0 = Math.max(0, Math.floor(Math.min(a.x, e.x) - reach));
		const x1 = Math.min(w - 1, Math.ceil(Math.max(a.x, e.x) + reach));
		const y0 = Math.max(0, Math.floor(Math.min(a.y, e.y) - reach));
		const y1 = Math.min(h - 1, Math.ceil(Math.max(a.y, e.y) + reach));
		if (x0 > x1 || y0 > y1) {
			continue;
		}
		const [dx, dy] = [e.x - a.x, e.y - a.y];
		const len2 = dx * dx + dy * dy || 1;
		const reach2 = reach * reach;
		for (let y = y0; y <= y1; y++) {
			for (let x = x0; x <= x1; x++) {
				const k = Math.min(1, Math.max(0, ((x - a.x) * dx + (y - a.y) * dy) / len2));
				const [ex, ey] = [x - a.x - k * dx, y - a.y - k * dy];
				const d2 = ex * ex + ey * ey;
				if (d2 > reach2) {
					continue;
				}
				const u = Math.sqrt(d2) / (a.hw + k * (e.hw - a.hw));
				const o = y * w + x;
				if (u < across[o]) {
					across[o] = u;
					depth[o] = b.depth * (a.dk + k * (e.dk - a.dk));
					red[o] = b.red;
					along[o] = a.s + k * (e.s - a.s);
				}
			}
		}
	}
}

const smoothstep = (a: number, b: number, v: number) => {
	const t = v <= a ? 0 : v >= b ? 1 : (v - a) / (b - a);
	return t * t * (3 - 2 * t);
};

/** How much of a band's floor a pixel lies on, 0..1, at `width` times the bands' first width. */
export const inBand = (across: number, width: number) => 1 - smoothstep(0.55, 1.15, across / width);

/**
 * Cuts this session's troughs into `hf` and marks their floors in `band` (0..1) for colour;
 * a trough's walls slope over a millimetre or so, so the key light shades one and lights the other.
 */
export function stampStriae(hf: Float32Array, band: Float32Array, st: Striae, k: StriaeStrength) {
	const { across, depth, crinkle } = st;
	for (let o = 0; o < hf.length; o++) {
		const a = across[o];
		if (a >= REACH) {
			band[o] = 0;
			continue;
		}
		const u = a / k.width;
		const dip = 1 - smoothstep(0.55, 1.1, u);
		hf[o] += dip * (crinkle[o] * k.crinkle - depth[o] * k.depth);
		// A band pales into the skin as it shallows towards its end.
		const fade = depth[o] < FADE_MM ? depth[o] / FADE_MM : 1;
		band[o] = inBand(a, k.width) * fade;
	}
}

/**
 * The skin of a band as it is in every session: its floor is thin and smooth between the
 * creases (so the plates' furrows fade), mature bands are shiny, and few pores survive in it.
 */
export function thinSkin(
	st: Striae,
	relief: Float32Array,
	oil: Float32Array,
	pores: Pore[],
	f: Frame,
	rnd: () => number
): Pore[] {
	for (let o = 0; o < relief.length; o++) {
		const inside = st.across[o] < REACH ? inBand(st.across[o], 1) : 0;
		if (inside > 0) {
			relief[o] *= 1 - 0.5 * inside;
			oil[o] += 0.25 * inside * (1 - st.red[o]);
		}
	}
	return pores.filter((p) => {
		const o = Math.floor(p.y) * f.w + Math.floor(p.x);
		return st.across[o] > 1.05 || rnd() < 0.12;
	});
}
