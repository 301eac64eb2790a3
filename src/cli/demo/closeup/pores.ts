import { lateralMm, type Frame } from './frame';

// Follicle openings: 0.1–0.3 mm pits about a millimetre apart, closer together and larger
// towards the nose. Listed once per course so every session shows the same pores; each session
// stamps them at its own size, since pores tighten as the skin heals.

export interface Pore {
	x: number;
	y: number;
	/** radius, mm */
	r: number;
	/** depth, mm */
	depth: number;
	/** how dark its mouth looks, 0..1 */
	dark: number;
}

const GRID_MM = 0.8;

export function poresFor(f: Frame, rnd: () => number): Pore[] {
	const pores: Pore[] = [];
	const step = GRID_MM * f.mm;
	for (let gy = 0; gy < f.h / step; gy++) {
		for (let gx = 0; gx < f.w / step; gx++) {
			const x = (gx + rnd()) * step;
			const y = (gy + rnd()) * step;
			// 0 on the lateral cheek, 1 by the nose; the belly's pores are sparser and finer.
			const belly = f.site === 'abdomen';
			const medial = belly ? 0 : Math.min(1, Math.max(0, (8 - lateralMm(f, x)) / 40));
			const keep = belly ? 0.3 : 0.42 + 0.4 * medial;
			if (rnd() > keep) {
				continue;
			}
			const r = (0.03 + 0.07 * rnd() * rnd() + 0.04 * rnd()) * (belly ? 0.7 : 1 + 0.45 * medial);
			const open = rnd();
			pores.push({ x, y, r, depth: 0.03 + 0.04 * rnd(), dark: 0.08 + 0.6 * open * open });
		}
	}
	return pores;
}

/**
 * Cuts the pores into the height field `hf`, each `scale` times its listed size, and marks their
 * openings in `open` (0..1): a follicle is a deep funnel whose mouth looks dark from any side.
 */
export function stampPores(
	hf: Float32Array,
	open: Float32Array,
	f: Frame,
	pores: Pore[],
	scale: number
) {
	open.fill(0);
	const { w, h, mm } = f;
	for (const p of pores) {
		const r = p.r * scale * mm;
		const reach = Math.ceil(r + 1);
		const depth = p.depth * Math.sqrt(scale);
		const x0 = Math.max(0, Math.floor(p.x) - reach);
		const x1 = Math.min(w - 1, Math.floor(p.x) + reach);
		const y0 = Math.max(0, Math.floor(p.y) - reach);
		const y1 = Math.min(h - 1, Math.floor(p.y) + reach);
		// Slightly wider than the opening, so a pit smaller than a pixel still darkens one.
		const r2 = (r + 0.6) * (r + 0.6);
		for (let y = y0; y <= y1; y++) {
			for (let x = x0; x <= x1; x++) {
				const d2 = ((x - p.x) ** 2 + (y - p.y) ** 2) / r2;
				if (d2 < 1) {
					const k = 1 - d2;
					hf[y * w + x] -= depth * k * k;
					open[y * w + x] += k * k * k * p.dark;
				}
			}
		}
	}
}

/**
 * Moves each pore to the lowest point of the skin's furrows within `reachMm` of it: follicles
 * open where the furrows cross, so pores sit at the plates' corners rather than anywhere. Two
 * that settle into one corner become one.
 */
export function settleInFurrows(
	pores: Pore[],
	relief: Float32Array,
	f: Frame,
	reachMm = 0.35
): Pore[] {
	const reach = Math.max(1, Math.round(reachMm * f.mm));
	const apart = 0.5 * f.mm;
	const taken = new Map<number, Pore[]>();
	const cellOf = (x: number, y: number) => Math.floor(y / apart) * 65536 + Math.floor(x / apart);
	const kept: Pore[] = [];
	for (const p of pores) {
		const [cx, cy] = [Math.round(p.x), Math.round(p.y)];
		let [best, bx, by] = [Infinity, p.x, p.y];
		for (let y = Math.max(0, cy - reach); y <= Math.min(f.h - 1, cy + reach); y++) {
			for (let x = Math.max(0, cx - reach); x <= Math.min(f.w - 1, cx + reach); x++) {
				// Nearer spots win ties, so a pore on a flat stretch stays about where it was.
				const v = relief[y * f.w + x] + (0.002 * Math.hypot(x - p.x, y - p.y)) / reach;
				if (v < best) {
					[best, bx, by] = [v, x, y];
				}
			}
		}
		let crowded = false;
		for (let j = -1; j <= 1 && !crowded; j++) {
			for (let i = -1; i <= 1 && !crowded; i++) {
				const near = taken.get(cellOf(bx + i * apart, by + j * apart)) ?? [];
				crowded = near.some((q) => Math.hypot(q.x - bx, q.y - by) < apart);
			}
		}
		if (crowded) {
			continue;
		}
		const settled = { ...p, x: bx, y: by };
		const key = cellOf(bx, by);
		taken.set(key, [...(taken.get(key) ?? []), settled]);
		kept.push(settled);
	}
	return kept;
}
