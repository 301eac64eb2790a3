import { addNoise, bell, mulberry32, smooth } from './render-kit';

// The skin of a demo abdomen, which body-image.ts photographs: a texture unrolled around the
// torso, `tw` columns for its whole circumference with the navel in the middle one.

type Stria = Record<
	'x' | 'y' | 'dx' | 'dy' | 'len' | 'width' | 'bend' | 'phase' | 'depth' | 'red' | 'pale',
	number
>;

// One stretch mark in the skin's own coordinates: a long, slightly bowed, tapering band with a
// depressed floor crossed by fine wrinkles, a reddish halo while it is young and a pale centre.
function stamp(maps: Float32Array[], tw: number, k: number, s: Stria) {
	const [hm, red, pale, ao] = maps;
	const th = hm.length / tw;
	// Only the band's own rectangle is visited (halo and bow included), row by row: a square
	// around a long diagonal mark is mostly empty, and this is the slow part of a session.
	const [L, W] = [s.len / 2, s.width + Math.abs(s.bend) * s.len * 0.5 + 1];
	const ext = L * Math.abs(s.dy) + W * Math.abs(s.dx);
	for (let y = Math.max(1, Math.floor(s.y - ext)); y <= Math.min(th - 2, s.y + ext); y++) {
		const dv = y - s.y;
		// |p + q·du| ≤ r along the mark and across it bounds du on this row
		let [lo, hi] = [-Infinity, Infinity];
		for (const [p, q, r] of [
			[dv * s.dy, s.dx, L],
			[dv * s.dx, -s.dy, W]
		]) {
			if (Math.abs(q) > 1e-9) {
				const [a, b] = [(-r - p) / q, (r - p) / q];
				[lo, hi] = [Math.max(lo, Math.min(a, b)), Math.min(hi, Math.max(a, b))];
			} else if (Math.abs(p) > r) {
				hi = -Infinity;
			}
		}
		const x1 = Math.min(tw - 2, Math.ceil(s.x + hi));
		for (let x = Math.max(1, Math.floor(s.x + lo)); x <= x1; x++) {
			const du = x - s.x;
			const along = du * s.dx + dv * s.dy;
			const sl = along / (s.len / 2);
			if (sl <= -1 || sl >= 1) {
				continue;
			}
			const across = dv * s.dx - du * s.dy - s.bend * sl * sl * s.len * 0.5;
			const hw =
				(s.width / 2) *
				(0.3 + 0.7 * Math.sqrt(1 - sl * sl)) *
				(1 + 0.25 * Math.sin((along * 0.09) / k + s.phase));
			const q2 = (across / hw) ** 2;
			if (q2 >= 2.56) {
				continue;
			}
			const o = y * tw + x;
			const core = q2 < 1 ? (1 - q2) * (1 - q2) : 0;
			hm[o] -= s.depth * core * (1 - 0.15 * Math.sin((along * 0.8) / k + s.phase));
			ao[o] += s.depth * core * 0.35;
			red[o] += s.red * (1 - q2 / 2.56);
			pale[o] += s.pale * core;
		}
	}
}

/** A stretch mark as laid out at the start of the course, and how well it responds. */
type Mark = Omit<Stria, 'depth' | 'red' | 'pale'> & { resp: number; young: number };

/**
 * The skin of the whole torso, laid out from the seed alone so every view and session agrees:
 * its texture, the navel, and the stretch marks as they were before treatment.
 */
export function skinLayout(tw: number, h: number, k: number, seed: number) {
	const rnd = mulberry32(seed);
	const n = tw * h;
	const [mottle, hm, ao] = [0, 1, 2].map(() => new Float32Array(n));
	const marks: Mark[] = [];
	addNoise(mottle, tw, 170 * k, 0.55, rnd);
	addNoise(mottle, tw, 60 * k, 0.3, rnd);
	addNoise(mottle, tw, 22 * k, 0.15, rnd);
	addNoise(hm, tw, 12 * k, 0.08, rnd);
	addNoise(hm, tw, 3 * k, 0.04, rnd);
	const front = tw / 2;
	const perRad = tw / (2 * Math.PI);
	const navelY = 0.455 * h;
	// The navel, and the faint groove of the midline above it.
	for (let y = Math.floor(navelY - 0.3 * h); y < navelY + 20 * k; y++) {
		for (let x = Math.floor(front - 40 * k); x < front + 40 * k; x++) {
			const [u, v] = [(x - front) / (8 * k), (y - navelY) / (13 * k)];
			const r2 = u * u + v * v;
			const o = y * tw + x;
			if (y < navelY) {
				hm[o] -= 0.25 * bell(x - front, 14 * k) * smooth((y - navelY + 0.3 * h) / (0.1 * h));
			}
			if (r2 < 1) {
				hm[o] -= 3 * (1 - r2) ** 1.5;
				ao[o] += (v < 0 ? 3 : 1.5) * (1 - r2);
			}
			// the hood of skin over the navel's upper rim
			hm[o] += 0.5 * bell(u, 1.3) * bell(v + 1.1, 0.45);
		}
	}
	// Striae come in groups of near-parallel lines that slope down towards the pubis, steeply
	// beside the midline and flatter out on the flanks.
	for (const side of [-1, 1]) {
		const groups = 5 + Math.floor(rnd() * 3);
		for (let g = 0; g < groups; g++) {
			const off = 0.2 + 1.3 * rnd();
			const gy = h * (off < 0.55 ? 0.56 + 0.2 * rnd() : 0.4 + 0.36 * rnd());
			const slope = 1.05 - 0.6 * (off / 1.5) + 0.2 * (rnd() - 0.5);
			const lines = 3 + Math.floor(rnd() * 6);
			for (let i = 0; i < lines; i++) {
				const [spread, shift, len, wid, bend, tilt, phase, resp, age] = Array.from(
					{ length: 9 },
					rnd
				);
				const a = slope + 0.12 * (tilt - 0.5);
				const [dx, dy] = [-side * Math.cos(a), Math.sin(a)];
				const across = (i - lines / 2) * (13 + 14 * spread) * k;
				marks.push({
					x: front + side * off * perRad - dy * across + dx * (shift - 0.5) * 40 * k,
					y: gy + dx * across + dy * (shift - 0.5) * 40 * k,
					dx,
					dy,
					len: (70 + 150 * len) * k,
					width: (5 + 8 * wid) * k,
					bend: 0.12 * (bend - 0.5),
					phase: phase * 6.28,
					resp,
					young: 0.5 + 0.5 * age
				});
			}
		}
	}
	return { mottle, hm, ao, marks };
}

/** The skin at a point of the course: `progress` 0 before treatment, 1 at its end. */
export function skinAt(
	layout: ReturnType<typeof skinLayout>,
	tw: number,
	k: number,
	progress: number
) {
	const [hm, ao] = [layout.hm.slice(), layout.ao.slice()];
	const [red, pale] = [new Float32Array(hm.length), new Float32Array(hm.length)];
	for (const m of layout.marks) {
		// Some marks fade almost away, the rest keep a thin pale line.
		const remain = Math.max(0, 1 - progress * (0.55 + 0.4 * m.resp));
		stamp([hm, red, pale, ao], tw, k, {
			...m,
			len: m.len * (0.8 + 0.2 * remain),
			width: m.width * (0.45 + 0.55 * remain),
			depth: 0.45 * remain,
			red: 0.55 * m.young * remain * remain,
			pale: (0.3 + 0.4 * (1 - m.young)) * (0.35 + 0.65 * remain)
		});
	}
	return { mottle: layout.mottle, hm, red, pale, ao };
}
