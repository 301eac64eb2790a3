import { smooth } from './render-kit';
import type { FaceFrame, FaceMaps } from './face-concerns';

type Pt = [number, number];

// Where the features sit (face-shape.ts), as fractions of the front photo: the eyes on y 0.355,
// the nose down to 0.47, the mouth on 0.52; x offsets are from the midline, in fractions of the
// photo's width (the outer eye corners are 0.15 out).
const EYE_Y = 0.355;

/**
 * Fine lines (crow's feet, under the eyes, across the forehead) or, when `deep`, wrinkles
 * (deeper crow's feet and under-eye lines, nasolabial folds, marionette lines). `fade` maps a
 * line's own response to treatment, 0..1, to how much of it is left.
 */
export function drawLines(
	deep: boolean,
	maps: FaceMaps,
	f: FaceFrame,
	rnd: () => number,
	fade: (resp: number) => number
) {
	for (const side of [0, 1] as const) {
		const at = (off: number, y: number): Pt | null => {
			const x = f.faceX(off, side);
			return x === null ? null : [x, y * f.h];
		};
		// Crow's feet fan out from beside the outer eye corner, just past the eye bar: each line
		// starts a little apart from the next, so they radiate without meeting in a point.
		const fan = 4 + Math.floor(rnd() * 2) + (deep ? 1 : 0);
		for (let i = 0; i < fan; i++) {
			const [a, b, len, bend, resp] = [rnd(), rnd(), rnd(), rnd(), rnd()];
			const t = i / (fan - 1);
			const angle = -0.55 + 1.05 * t + 0.12 * (a - 0.5);
			const r = (0.04 + 0.028 * len) * (deep ? 1.15 : 1);
			const start: Pt = [0.172 + 0.01 * b, EYE_Y - 0.014 + 0.032 * t];
			groove(maps, f, curve(at, start, angle, r, (bend - 0.5) * 0.35), {
				width: (deep ? 1.8 : 1.35) * f.k,
				depth: (deep ? 1.3 : 0.8) * fade(resp),
				taper: 'out',
				ao: 0.5
			});
		}
		// Short crepey lines under the eye, slanting down and out, none parallel to the next.
		for (let i = 0; i < (deep ? 4 : 3); i++) {
			const [a, b, c, resp] = [rnd(), rnd(), rnd(), rnd()];
			const off = 0.1 + 0.026 * i + 0.01 * a;
			const y = EYE_Y + 0.04 + 0.014 * b + 0.009 * (i % 2);
			const len = 0.022 + 0.014 * c;
			const path = bezier(
				at,
				[off, y],
				[off + len / 2, y + 0.003],
				[off + len, y + 0.012 * (c - 0.3)]
			);
			groove(maps, f, path, {
				width: 1.2 * f.k,
				depth: (deep ? 0.75 : 0.5) * fade(resp),
				taper: 'both',
				ao: 0.4
			});
		}
		if (!deep) {
			// Faint horizontal forehead lines, broken where the two halves meet.
			for (let i = 0; i < 3; i++) {
				const [a, b, c, resp] = [rnd(), rnd(), rnd(), rnd()];
				const y = 0.235 + 0.022 * i + 0.006 * a;
				const [from, to] = [-0.012 + 0.01 * b, 0.1 + 0.03 * c - 0.012 * i];
				const path: Pt[] = [];
				for (let t = 0; t <= 1.0001; t += 0.1) {
					const p = at(
						from + (to - from) * t,
						y + 0.0018 * Math.sin(6 * a + 4 * t) + 0.004 * t * t
					);
					path.push(...(p ? [p] : []));
				}
				groove(maps, f, path, {
					width: 1.8 * f.k,
					depth: 0.55 * fade(resp),
					taper: 'flat',
					ao: 0.4
				});
			}
			continue;
		}
		// The nasolabial fold runs from beside the nose wing to past the mouth corner; the cheek
		// above it bulges, which is what makes it read as a fold rather than a scratch.
		const [nb, nr] = [rnd(), rnd()];
		const fold = bezier(at, [0.06, 0.462], [0.1 + 0.008 * nb, 0.5], [0.116, 0.548]);
		groove(maps, f, fold, { width: 4.5 * f.k, depth: 2.6 * fade(nr), taper: 'both', ao: 0.4 });
		const cheek = bezier(at, [0.07, 0.458], [0.114 + 0.008 * nb, 0.495], [0.13, 0.545]);
		groove(maps, f, cheek, { width: 9 * f.k, depth: -2.8 * fade(nr), taper: 'both', ao: 0 });
		// Marionette lines slant down and out from the mouth corners.
		const [mb, mr] = [rnd(), rnd()];
		const marionette = bezier(at, [0.09, 0.532], [0.097 + 0.006 * mb, 0.56], [0.104, 0.592]);
		groove(maps, f, marionette, { width: 3 * f.k, depth: 1.1 * fade(mr), taper: 'both', ao: 0.4 });
	}
}

/** Points along a gently bending ray from `start` (offsets/fractions), in pixels. */
function curve(
	at: (off: number, y: number) => Pt | null,
	start: Pt,
	angle: number,
	r: number,
	bend: number
) {
	const pts: Pt[] = [];
	for (let t = 0; t <= 1.0001; t += 0.125) {
		const a = angle + bend * t;
		const p = at(start[0] + r * t * Math.cos(a), start[1] + r * 0.75 * t * Math.sin(a));
		if (!p) {
			return [];
		}
		pts.push(p);
	}
	return pts;
}

function bezier(at: (off: number, y: number) => Pt | null, a: Pt, b: Pt, c: Pt) {
	const pts: Pt[] = [];
	for (let t = 0; t <= 1.0001; t += 0.1) {
		const u = 1 - t;
		const p = at(
			u * u * a[0] + 2 * u * t * b[0] + t * t * c[0],
			u * u * a[1] + 2 * u * t * b[1] + t * t * c[1]
		);
		if (!p) {
			return [];
		}
		pts.push(p);
	}
	return pts;
}

/**
 * Presses a line into the height map: a gaussian cross-section walked along the path in half
 * pixel steps, normalised so its depth does not depend on the step. A negative depth raises a
 * ridge.
 */
function groove(
	maps: FaceMaps,
	f: FaceFrame,
	path: Pt[],
	o: { width: number; depth: number; taper: 'out' | 'both' | 'flat'; ao?: number }
) {
	if (path.length < 2 || o.depth === 0) {
		return;
	}
	const { w, h } = f;
	const sig = o.width;
	const reach = Math.ceil(sig * 2.5);
	// Half a pixel for fine lines; broad folds are smooth enough at a third of their width.
	const step = Math.max(0.5, sig / 3);
	const norm = step / (sig * Math.sqrt(Math.PI));
	let total = 0;
	for (let i = 1; i < path.length; i++) {
		total += Math.hypot(path[i][0] - path[i - 1][0], path[i][1] - path[i - 1][1]);
	}
	let walked = 0;
	for (let i = 1; i < path.length; i++) {
		const [x0, y0] = path[i - 1];
		const [dx, dy] = [path[i][0] - x0, path[i][1] - y0];
		const len = Math.hypot(dx, dy);
		for (let s = 0; s < len; s += step) {
			const t = (walked + s) / total;
			const env =
				o.taper === 'out'
					? smooth(t * 6) * (1 - t) ** 0.8
					: o.taper === 'flat'
						? smooth(Math.min(t, 1 - t) * 5)
						: Math.sin(Math.PI * t) ** 0.6;
			const d = o.depth * env * norm;
			const [px, py] = [x0 + (dx * s) / len, y0 + (dy * s) / len];
			for (
				let y = Math.max(0, Math.round(py) - reach);
				y <= Math.min(h - 1, Math.round(py) + reach);
				y++
			) {
				for (
					let x = Math.max(0, Math.round(px) - reach);
					x <= Math.min(w - 1, Math.round(px) + reach);
					x++
				) {
					const g = Math.exp(-((x - px) ** 2 + (y - py) ** 2) / (sig * sig)) * d;
					maps.hm[y * w + x] -= g;
					maps.ao[y * w + x] += Math.max(0, g) * (o.ao ?? 0.8);
				}
			}
		}
		walked += len;
	}
}
