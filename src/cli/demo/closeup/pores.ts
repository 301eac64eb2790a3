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
			// 0 on the lateral cheek, 1 by the nose.
			const medial = Math.min(1, Math.max(0, (8 - lateralMm(f, x)) / 40));
			const keep = 0.42 + 0.4 * medial;
			if (rnd() > keep) {
				continue;
			}
			const r = (0.03 + 0.07 * rnd() * rnd() + 0.04 * rnd()) * (1 + 0.45 * medial);
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
