import { smooth } from '../render-kit';
import type { Frame } from './frame';

// Atrophic acne scars in the three shapes clinicians grade, cut into the height field so the
// raking light shows them as it does in clinic: ice-pick (narrow, deep, conical, under 2 mm),
// boxcar (round or oval, steep walls, flat floor, 1.5–4 mm) and rolling (broad, shallow
// undulations 4–6 mm with soft edges). Microneedling lifts rolling scars most, boxcar scars
// less and ice-pick scars least, and softens the edges as it goes.

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
	{ r: [number, number]; depth: [number, number]; n: [number, number] }
> = {
	rolling: { r: [2.2, 3.4], depth: [0.3, 0.5], n: [4, 7] },
	boxcar: { r: [0.75, 1.9], depth: [0.2, 0.38], n: [5, 9] },
	icepick: { r: [0.3, 0.75], depth: [0.5, 0.9], n: [4, 8] }
};

/** A cluster of scars on the cheek, placed once per course. */
export function scarsFor(f: Frame, rnd: () => number, severity = 1): Scar[] {
	const scars: Scar[] = [];
	const between = (a: [number, number]) => a[0] + (a[1] - a[0]) * rnd();
	// Rolling first: the large ones claim room, the small ones fit around them.
	for (const kind of ['rolling', 'boxcar', 'icepick'] as ScarKind[]) {
		const spec = SIZES[kind];
		const count = Math.round(between(spec.n) * severity);
		for (let tries = 0, placed = 0; placed < count && tries < count * 40; tries++) {
			const r = between(spec.r);
			const gauss = () => (rnd() + rnd() + rnd() - 1.5) / 0.75;
			const x = f.w / 2 + (f.side * -4 + 16 * gauss()) * f.mm;
			const y = f.h / 2 + (2 + 20 * gauss()) * f.mm;
			const margin = (r + 2) * f.mm;
			if (x < margin || y < margin || x > f.w - margin || y > f.h - margin) {
				continue;
			}
			if (f.cover[Math.floor(y + margin) * f.w + Math.floor(x)] < 1) {
				continue;
			}
			const clash = scars.some((s) => Math.hypot(s.x - x, s.y - y) < (s.r + r + 0.6) * f.mm);
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

/** The scar's depth profile at normalised distance d (1 = its rim) after `p` of a course. */
function profile(kind: ScarKind, d: number, p: number, lean = 1): number {
	if (kind === 'icepick') {
		// A cone narrowing into the dermis: the shadow fills it, the rim stays fairly crisp.
		const soft = 0.15 + 0.2 * p;
		return d < 1 - soft ? (1 - d / (1 - soft)) ** 1.4 * 0.85 + 0.15 : 0.15 * smooth((1 - d) / soft);
	}
	if (kind === 'boxcar') {
		const wall = (0.38 + 0.35 * p) * (2 - lean);
		// A rounded shoulder at the rim, then a steep wall down to a flat floor.
		return smooth((1 - d) / wall + 0.5) ** 1.4;
	}
	// Rolling: a broad dish whose shoulders run out into the skin around it.
	return d < 1.5 ? 0.5 + 0.5 * Math.cos((Math.PI * d) / 1.5) : 0;
}

/** Cuts the scars into the height field as they are `p` (0..1) of the way through a course. */
export function stampScars(hf: Float32Array, f: Frame, scars: Scar[], p: number) {
	for (const s of scars) {
		const depth = s.depth * (1 - LIFT[s.kind] * p);
		const r = s.r * f.mm;
		const reach = Math.ceil(r * 1.55 + 2);
		const [c, sn] = [Math.cos(s.angle), Math.sin(s.angle)];
		const x0 = Math.max(0, Math.floor(s.x) - reach);
		const x1 = Math.min(f.w - 1, Math.floor(s.x) + reach);
		const y0 = Math.max(0, Math.floor(s.y) - reach);
		const y1 = Math.min(f.h - 1, Math.floor(s.y) + reach);
		for (let y = y0; y <= y1; y++) {
			for (let x = x0; x <= x1; x++) {
				const dx = x - s.x;
				const dy = y - s.y;
				const a = (dx * c + dy * sn) / r;
				const b = (dy * c - dx * sn) / (r * s.round);
				const th = Math.atan2(b, a);
				const bulge = 1 + s.lobes[2] * Math.sin(2 * th + s.lobes[0]) + 0.05 * Math.sin(4 * th);
				const d = Math.sqrt(a * a + b * b) / bulge;
				if (d < 1.5) {
					// Scar tissue has no pores and little grain: its floor is smoother than the skin.
					const floor = s.kind === 'rolling' ? 0 : smooth((1.1 - d) / 0.4) * 0.75;
					// No floor is level and no wall the same all round: one side is steeper.
					const lean = 1 + 0.3 * d * Math.cos(th - s.lobes[1]);
					const o = y * f.w + x;
					hf[o] = hf[o] * (1 - floor) - depth * lean * profile(s.kind, d, p, lean);
				}
			}
		}
	}
}
