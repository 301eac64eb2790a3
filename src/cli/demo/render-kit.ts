// Pieces shared by the demo's procedural photos (closeup/): skin tones, noise and easing.

// Fitzpatrick I..VI base albedo as sRGB triples; interpolated so fractional tones are allowed.
const TONES = [241, 206, 186, 228, 184, 158, 204, 156, 122, 172, 121, 86, 126, 84, 57, 84, 55, 40];

export function mulberry32(seed: number): () => number {
	let a = seed >>> 0;
	return () => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = Math.imul(a ^ (a >>> 15), 1 | a);
		t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

// Written so NaN lands on 0: bad input degrades to a baseline photo rather than a black one.
export const clamp01 = (x: number) => (x > 0 ? (x < 1 ? x : 1) : 0);
export const smooth = (t: number) => (t <= 0 ? 0 : t >= 1 ? 1 : t * t * (3 - 2 * t));

export interface Skin {
	base: [number, number, number];
	/** 0 on the fairest skin to 1 on the deepest */
	depth: number;
	/** how inflammation shifts each channel, as a multiple of the base colour */
	redness: [number, number, number];
}

/** Skin colour for a Fitzpatrick type; without one, a type is picked from the seed. */
export function skinFor(skinTone: number | undefined, seed: number): Skin {
	const tone = 5 * clamp01(((skinTone ?? 1 + ((seed >>> 0) % 6)) - 1) / 5);
	const [t0, t1] = [Math.floor(tone) * 3, Math.ceil(tone) * 3];
	const base = [0, 1, 2].map(
		(i) => TONES[t0 + i] * (1 - (tone % 1)) + TONES[t1 + i] * (tone % 1)
	) as Skin['base'];
	// Inflammation reads pink on fair skin but as brown hyperpigmentation on deep skin.
	const pih = tone / 5;
	return { base, depth: pih, redness: [0.08 - 0.4 * pih, -0.2 - 0.2 * pih, -0.15 - 0.2 * pih] };
}

// Value noise on a coarse lattice; per-column weights are hoisted so the inner loop is only array
// reads and multiply-adds.
export function addNoise(
	dst: Float32Array,
	w: number,
	cell: number,
	amp: number,
	rnd: () => number
) {
	const h = dst.length / w;
	const gw = Math.ceil(w / cell) + 2;
	const g = new Float32Array(gw * (Math.ceil(h / cell) + 2));
	for (let i = 0; i < g.length; i++) {
		g[i] = (rnd() * 2 - 1) * amp;
	}
	const xi = new Int32Array(w);
	const xf = new Float32Array(w);
	for (let x = 0; x < w; x++) {
		const f = x / cell - Math.floor(x / cell);
		xi[x] = Math.floor(x / cell);
		xf[x] = f * f * (3 - 2 * f);
	}
	for (let y = 0, o = 0; y < h; y++) {
		const t = y / cell - Math.floor(y / cell);
		const fy = t * t * (3 - 2 * t);
		const r0 = Math.floor(y / cell) * gw;
		const r1 = r0 + gw;
		for (let x = 0; x < w; x++, o++) {
			const i = xi[x];
			const a = g[r0 + i] + (g[r0 + i + 1] - g[r0 + i]) * xf[x];
			const b = g[r1 + i] + (g[r1 + i + 1] - g[r1 + i]) * xf[x];
			dst[o] += a + (b - a) * fy;
		}
	}
}
