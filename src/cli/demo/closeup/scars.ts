import { smooth } from '../render-kit';
import type { Frame } from './frame';
import type { Mole } from './tone';

// Atrophic acne scars in the three shapes clinicians grade, cut into the height field so the
// raking light shows them as it does in clinic: ice-pick (a narrow, deep opening under 2 mm,
// often with a wider funnel mouth), boxcar (round or oval, steep walls, flat floor, 1.5–4 mm)
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
}

/** How much of each kind's depth a full course takes away. */
const LIFT: Record<ScarKind, number> = { rolling: 0.68, boxcar: 0.45, icepick: 0.2 };

const SIZES: Record<
	ScarKind,
	{ r: [number, number]; depth: [number, number]; n: [number, number]; spread: number }
> = {
	rolling: { r: [1.8, 3.2], depth: [0.16, 0.32], n: [13, 18], spread: 1.1 },
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
			const round = kind === 'icepick' ? 0.75 + 0.25 * rnd() : 0.7 + 0.3 * rnd();
			const lobes: [number, number, number] = [rnd() * 6.3, rnd() * 6.3, 0.12 * rnd()];
			scars.push({
				kind,
				x,
				y,
				r,
				round,
				angle: rnd() * Math.PI,
				depth: between(spec.depth),
				lobes
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
		// The skin around eases down into a rounded shoulder, so the rim blends into it; then a
		// steep wall, steeper on one side, down to a flat floor. Treatment widens the wall.
		const wall = (0.34 + 0.3 * p) * (2 - lean);
		const shoulder = 0.2 * smooth((1.4 - d) / 0.45);
		return shoulder + 0.8 * smooth((1.02 - d) / wall) ** 1.2;
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
		const reach = Math.ceil(r * 1.55 + 2);
		const [c, sn] = [Math.cos(s.angle), Math.sin(s.angle)];
		const x0 = Math.max(0, Math.floor(s.x) - reach);
		const x1 = Math.min(f.w - 1, Math.floor(s.x) + reach);
		const y0 = Math.max(0, Math.floor(s.y) - reach);
		const y1 = Math.min(f.h - 1, Math.floor(s.y) + reach);
		const rolling = s.kind === 'rolling';
		// An ice-pick's throat is dark from any side; treatment narrows it only a little.
		const throat = s.kind === 'icepick' ? 1.1 * (1 - 0.25 * p) : 0;
		for (let y = y0; y <= y1; y++) {
			for (let x = x0; x <= x1; x++) {
				const dx = x - s.x;
				const dy = y - s.y;
				const a = (dx * c + dy * sn) / r;
				const b = (dy * c - dx * sn) / (r * s.round);
				const th = Math.atan2(b, a);
				const bulge = 1 + s.lobes[2] * Math.sin(2 * th + s.lobes[0]) + 0.05 * Math.sin(4 * th);
				const d = Math.sqrt(a * a + b * b) / bulge;
				if (d >= 1.5) {
					continue;
				}
				const o = y * f.w + x;
				// Scar tissue has no pores and little grain: its floor is smoother than the skin.
				const floor = rolling ? 0 : smooth((1.1 - d) / 0.4) * 0.55;
				// No floor is level and no wall the same all round: one side is steeper.
				const lean = 1 + 0.2 * d * Math.cos(th - s.lobes[1]);
				hf[o] = hf[o] * (1 - floor) - depth * lean * profile(s.kind, d, p, lean);
				if (!rolling) {
					const t = smooth((1.08 - d) / 0.3);
					tissue[o] = t > tissue[o] ? t : tissue[o];
				}
				if (throat > 0 && d < 0.5) {
					open[o] += throat * smooth((0.5 - d) / 0.3);
				}
			}
		}
	}
}
