// Smooth fields (the lie of the surface, blotches of blood and melanin) made of soft Gaussian
// blobs. Value noise would be cheaper, but its square lattice cells show under raking light
// and in thresholded pigment as tiles; blobs have no grid. They are summed on a coarse grid of
// points and interpolated, since nothing in them is finer than a few grid steps.

/**
 * A smooth field of `count` bumps per square centimetre, radius `r` (px) and height up to `amp`,
 * added to `out` (w × h); the grid's step follows the smallest radius.
 */
export function addBumps(
	out: Float32Array,
	w: number,
	mm: number,
	perCm2: number,
	r: [number, number],
	amp: number,
	rnd: () => number
) {
	const h = out.length / w;
	const grid = new Grid(w, h, Math.max(1, Math.round(r[0] / 3)));
	grid.bumps(Math.round((perCm2 * w * h) / (100 * mm * mm)), r, amp, rnd);
	grid.addTo(out);
}

/** A smooth field worked out on a coarse grid of points `step` pixels apart. */
class Grid {
	readonly gw: number;
	readonly gh: number;
	readonly v: Float32Array;
	constructor(
		readonly w: number,
		readonly h: number,
		readonly step: number
	) {
		this.gw = Math.ceil(w / step) + 2;
		this.gh = Math.ceil(h / step) + 2;
		this.v = new Float32Array(this.gw * this.gh);
	}

	/** Adds `count` Gaussian bumps (or hollows) of radius within `r` px, height up to `amp`. */
	bumps(count: number, r: [number, number], amp: number, rnd: () => number) {
		const { gw, gh, step, v } = this;
		for (let k = 0; k < count; k++) {
			const [cx, cy] = [rnd() * gw, rnd() * gh];
			const rad = (r[0] + (r[1] - r[0]) * rnd()) / step;
			const a = amp * (rnd() * 2 - 1);
			const reach = Math.ceil(2 * rad);
			for (let j = Math.max(0, Math.floor(cy - reach)); j < Math.min(gh, cy + reach); j++) {
				for (let i = Math.max(0, Math.floor(cx - reach)); i < Math.min(gw, cx + reach); i++) {
					const d2 = ((i - cx) ** 2 + (j - cy) ** 2) / (rad * rad);
					v[j * gw + i] += a * Math.exp(-d2);
				}
			}
		}
	}

	/** Adds the field at every pixel, interpolated between grid points, to `out`. */
	addTo(out: Float32Array): Float32Array {
		const { w, h, gw, step, v } = this;
		// Each column's grid cell and weight, worked out once rather than per pixel.
		const ci = new Int32Array(w);
		const cf = new Float32Array(w);
		for (let x = 0; x < w; x++) {
			ci[x] = Math.floor(x / step);
			cf[x] = x / step - ci[x];
		}
		for (let y = 0, o = 0; y < h; y++) {
			const j = Math.floor(y / step);
			const fy = y / step - j;
			const row = j * gw;
			for (let x = 0; x < w; x++, o++) {
				const g = row + ci[x];
				const fx = cf[x];
				const top = v[g] + (v[g + 1] - v[g]) * fx;
				const bottom = v[g + gw] + (v[g + gw + 1] - v[g + gw]) * fx;
				out[o] += top + (bottom - top) * fy;
			}
		}
		return out;
	}
}
