import { smooth } from '../render-kit';
import type { Frame } from './frame';
import type { Mole } from './tone';

// Atrophic acne scars in the three shapes clinicians grade, cut into the height field so the
// raking light shows them as it does in clinic: ice-pick (a narrow, deep opening under 2 mm,
// often with a wider funnel mouth), boxcar (polygonal or oval, steep walls, flat floor, 1.5–4 mm)
// and rolling (broad, shallow undulations 4–7 mm with soft edges). They cluster over the
// malar and buccal cheek, densest in the middle and thinning outwards, the small ones sitting
// in the hills and valleys the rolling ones make. Microneedling lifts rolling scars most,
// boxcar scars less and ice-pick scars least, and softens the edges as it goes.

export type ScarKind = 'icepick' | 'boxcar' | 'rolling';

export interface Scar {
	kind: ScarKind;
	x: number;
	y: number;
	/** radius across the long axis, mm */
	r: number;
	/** how much shorter the other axis is, 0.6..1 */
	round: number;
	angle: number;
	/** depth before treatment, mm */
	depth: number;
	/** phases of the outline's bulges: no scar is a perfect ellipse */
	lobes: [number, number, number];
	/** the outline's corners, straight runs and notch (see outlineFor) */
	outline: Outline;
}

/**
 * A boxcar's outline is never a stamp: an ellipse pulled part of the way towards a polygon of
 * 4–7 sides, with a notch in some where two old lesions ran together.
 */
export interface Outline {
	sides: number;
	/** 0 for an oval, up to 0.8 for a clearly angular outline */
	corners: number;
	turn: number;
	notch: number;
	notchAt: number;
	/** a three-lobed wobble that keeps the polygon from being regular */
	wobble: [number, number];
}

function outlineFor(kind: ScarKind, rnd: () => number): Outline {
	// Four sides would make a tile, so most have five to seven.
	const sides = rnd() < 0.2 ? 4 : 5 + Math.floor(rnd() * 3);
	const corners = kind === 'boxcar' ? (rnd() < 0.25 ? 0 : 0.25 + 0.4 * rnd()) : 0;
	const turn = rnd() * 6.3;
	const notch = kind === 'boxcar' && rnd() < 0.4 ? 0.15 + 0.15 * rnd() : 0;
	const notchAt = rnd() * 6.3;
	const wobble: [number, number] = [kind === 'boxcar' ? 0.03 + 0.07 * rnd() : 0, rnd() * 6.3];
	return { sides, corners, turn, notch, notchAt, wobble };
}

/** The outline's radius (1 = the scar's own) in direction th. */
function outlineAt(s: Scar, th: number): number {
	const o = s.outline;
	const lobe =
		1 +
		s.lobes[2] * Math.sin(2 * th + s.lobes[0]) +
		o.wobble[0] * Math.sin(3 * th + o.wobble[1]) +
		0.05 * Math.sin(4 * th);
	if (o.corners === 0 && o.notch === 0) {
		return lobe;
	}
	// A regular polygon's radius, then blended with the ellipse: straight runs between corners.
	const seg = (2 * Math.PI) / o.sides;
	let t = (th + o.turn) % seg;
	t = (t < 0 ? t + seg : t) - seg / 2;
	const poly = Math.cos(seg / 2) / Math.cos(t);
	let notch = 0;
	if (o.notch > 0) {
		let a = th - o.notchAt;
		a -= 2 * Math.PI * Math.round(a / (2 * Math.PI));
		notch = o.notch * Math.exp(-(a * a) / 0.09);
	}
	return lobe * (1 + o.corners * (poly * Math.cos(seg / 4) - 1)) - notch;
}

/** How much of each kind's depth a full course takes away. */
const LIFT: Record<ScarKind, number> = { rolling: 0.68, boxcar: 0.45, icepick: 0.2 };

const SIZES: Record<
	ScarKind,
	{ r: [number, number]; depth: [number, number]; n: [number, number]; spread: number }
> = {
	rolling: { r: [1.8, 3.2], depth: [0.22, 0.42], n: [13, 18], spread: 1.1 },
	boxcar: { r: [0.6, 1.9], depth: [0.18, 0.34], n: [7, 12], spread: 0.85 },
	icepick: { r: [0.3, 0.7], depth: [0.5, 0.9], n: [7, 13], spread: 0.9 }
};

/** The cluster's spread, mm (lateral, down): about the malar and buccal area in the frame. */
const CLUSTER_MM: [number, number] = [8, 10];

/** A cluster of scars on the cheek, placed once per course. */
export function scarsFor(f: Frame, rnd: () => number, severity = 1, moles: Mole[] = []): Scar[] {
	const scars: Scar[] = [];
	const between = (a: [number, number], bias = 1) => a[0] + (a[1] - a[0]) * rnd() ** bias;
	const gauss = () => (rnd() + rnd() + rnd() - 1.5) / 0.5;
	// The cluster's middle: a little below and medial of the frame's centre, wandering per patient.
	const cx = f.w / 2 + f.side * (-3 + 8 * (rnd() - 0.5)) * f.mm;
	const cy = f.h / 2 + (3 + 10 * (rnd() - 0.5)) * f.mm;
	// Rolling first; the small ones then sit on them, but not on one another.
	for (const kind of ['rolling', 'boxcar', 'icepick'] as ScarKind[]) {
		const spec = SIZES[kind];
		const count = Math.round(between(spec.n) * severity);
		for (let tries = 0, placed = 0; placed < count && tries < count * 40; tries++) {
			// More small scars than large ones.
			const r = between(spec.r, kind === 'icepick' ? 1.6 : kind === 'boxcar' ? 1.25 : 1);
			const x = cx + CLUSTER_MM[0] * spec.spread * gauss() * f.mm;
			const y = cy + CLUSTER_MM[1] * spec.spread * gauss() * f.mm;
			const margin = (r + 2) * f.mm;
			if (x < margin || y < margin || x > f.w - margin || y > f.h - margin) {
				continue;
			}
			if (f.cover[Math.floor(y + margin) * f.w + Math.floor(x)] < 1) {
				continue;
			}
			// A scar cut through a mole would read as a lesion, not a scar.
			if (moles.some((m) => Math.hypot(m.x - x, m.y - y) / f.mm < m.r + r + 0.5)) {
				continue;
			}
			const clash = scars.some((s) => {
				const apart = Math.hypot(s.x - x, s.y - y) / f.mm;
				if (kind === 'rolling') {
					// Rolling scars run into one another, which is what makes the surface undulate.
					return apart < 0.8 * (s.r + r);
				}
				return s.kind !== 'rolling' && apart < s.r + r + 0.4;
			});
			if (clash) {
				continue;
			}
			// Boxcars are often elongated; rolling scars and ice-picks less so.
			const round =
				kind === 'icepick'
					? 0.75 + 0.25 * rnd()
					: kind === 'boxcar'
						? 0.5 + 0.5 * rnd()
						: 0.7 + 0.3 * rnd();
			const lobes: [number, number, number] = [rnd() * 6.3, rnd() * 6.3, 0.12 * rnd()];
			const outline = outlineFor(kind, rnd);
			scars.push({
				kind,
				x,
				y,
				r,
				round,
				angle: rnd() * Math.PI,
				depth: between(spec.depth),
				lobes,
				outline
			});
			placed++;
		}
	}
	return scars;
}

/** The scar's depth profile (0..1) at normalised distance d (1 = its rim) after `p` of a course. */
function profile(kind: ScarKind, d: number, p: number, lean = 1): number {
	if (kind === 'icepick') {
		// A funnel mouth sloping gently in, then a narrow throat that drops away into the dermis.
		const mouth = 0.28 * smooth((1.1 - d) / (0.6 + 0.2 * p));
		const throat = d < 0.42 ? 0.72 * (1 - d / 0.42) ** 0.7 : 0;
		return mouth + throat;
	}
	if (kind === 'boxcar') {
		// A rim rounded over only a little, then a steep wall, steeper on one side, down to the
		// floor: under a raking light one wall is in shadow and the one opposite catches the
		// light, with no line drawn round it. Treatment slopes the wall and softens the rim.
		const wall = (0.2 + 0.3 * p) * (2 - lean);
		const shoulder = 0.08 * smooth((1.18 - d) / 0.22);
		return shoulder + 0.92 * smooth((1.02 - d) / wall);
	}
	// Rolling: a broad dish whose shoulders run out into the skin around it; neighbours leave a
	// low ridge between them.
	return d < 1.25 ? 0.5 + 0.5 * Math.cos((Math.PI * d) / 1.25) : 0;
}

/** What a session's scars leave besides their shape, for the light pass to read. */
export interface ScarMaps {
	/** openings too deep and narrow for light to reach: added to the pores' mouths, 0..1 */
	open: Float32Array;
	/** fibrous scar tissue (walls and floors), 0..1: matt, a little duller than the skin */
	tissue: Float32Array;
}

/** Cuts the scars into the height field as they are `p` (0..1) of the way through a course. */
export function stampScars(hf: Float32Array, maps: ScarMaps, f: Frame, scars: Scar[], p: number) {
	const { open, tissue } = maps;
	tissue.fill(0);
	// Small scars first: their floors smooth the skin's fine relief, and the rolling scars'
	// slopes, cut after, then tilt the floor with the skin around it.
	const order = [
		...scars.filter((s) => s.kind !== 'rolling'),
		...scars.filter((s) => s.kind === 'rolling')
	];
	for (const s of order) {
		const depth = s.depth * (1 - LIFT[s.kind] * p);
		const r = s.r * f.mm;
		const boxcar = s.kind === 'boxcar';
		// An angular outline reaches further out at its corners than the scar's radius.
		const reach = Math.ceil(r * (boxcar ? 1.9 : 1.55) + 2);
		const [c, sn] = [Math.cos(s.angle), Math.sin(s.angle)];
		const x0 = Math.max(0, Math.floor(s.x) - reach);
		const x1 = Math.min(f.w - 1, Math.floor(s.x) + reach);
		const y0 = Math.max(0, Math.floor(s.y) - reach);
		const y1 = Math.min(f.h - 1, Math.floor(s.y) + reach);
		const rolling = s.kind === 'rolling';
		// An ice-pick's throat is dark from any side; treatment narrows it only a little.
		const throat = s.kind === 'icepick' ? 1.1 * (1 - 0.25 * p) : 0;
		const [cell, fine] = [0.45 * f.mm, 0.16 * f.mm];
		for (let y = y0; y <= y1; y++) {
			for (let x = x0; x <= x1; x++) {
				const dx = x - s.x;
				const dy = y - s.y;
				const a = (dx * c + dy * sn) / r;
				const b = (dy * c - dx * sn) / (r * s.round);
				const th = Math.atan2(b, a);
				const d = Math.sqrt(a * a + b * b) / outlineAt(s, th);
				if (d >= 1.5) {
					continue;
				}
				const o = y * f.w + x;
				// Scar tissue has no pores and little grain: its floor is smoother than the skin,
				// though a boxcar's floor keeps a damped trace of the skin's lines and pores.
				const floor = rolling ? 0 : smooth((1.1 - d) / 0.4) * (boxcar ? 0.3 : 0.55);
				// No floor is level and no wall the same all round: one side is steeper.
				const lean = 1 + 0.2 * d * Math.cos(th - s.lobes[1]);
				// A boxcar's floor rises and falls a little, as the fibrous tissue under it pulls.
				const lumpy = boxcar
					? 1 + 0.1 * Math.sin(2.3 * a + s.lobes[0]) * Math.cos(1.9 * b + s.lobes[1])
					: 1;
				hf[o] = hf[o] * (1 - floor) - depth * lean * lumpy * profile(s.kind, d, p, lean);
				if (boxcar) {
					// The fibrous floor crinkles finely where the skin's plates are gone.
					hf[o] -= 0.012 * smooth((1 - d) / 0.3) * mottle(x + 7919, y, fine);
				}
				if (!rolling) {
					// Scar tissue is mottled, never an even cream.
					const t = smooth((1.08 - d) / 0.3) * (boxcar ? 0.45 + 0.55 * mottle(x, y, cell) : 1);
					tissue[o] = t > tissue[o] ? t : tissue[o];
				}
				if (boxcar) {
					open[o] *= 1 - 0.5 * smooth((1 - d) / 0.3);
				}
				if (throat > 0 && d < 0.5) {
					open[o] += throat * smooth((0.5 - d) / 0.3);
				}
			}
		}
	}
}

/** Smooth value noise, 0..1, with cells `cell` px across: the blotches in scar tissue. */
function mottle(x: number, y: number, cell: number): number {
	const [u, v] = [x / cell, y / cell];
	const [i, j] = [Math.floor(u), Math.floor(v)];
	const [fx, fy] = [smooth(u - i), smooth(v - j)];
	const top = hash(i, j) + (hash(i + 1, j) - hash(i, j)) * fx;
	const bottom = hash(i, j + 1) + (hash(i + 1, j + 1) - hash(i, j + 1)) * fx;
	return top + (bottom - top) * fy;
}

function hash(i: number, j: number): number {
	let k = Math.imul(i, 0x27d4eb2d) ^ Math.imul(j, 0x165667b1);
	k = Math.imul(k ^ (k >>> 15), 0x85ebca6b);
	return ((k ^ (k >>> 13)) >>> 0) / 4294967296;
}
