import type { Frame } from './frame';

// Crow's feet: creases fanning out from the outer corner of the eye, which sits just outside the
// frame (frame.ts places it per view) so no eye has to be drawn. Laid out once per course as a map of
// full-depth grooves (mm); each session scales it as treatment softens them.

/** Length of the straight pieces a crease is drawn in, mm. */
const STEP = 1;

interface Crease {
	depth: number;
	/** half-width of the groove, mm */
	half: number;
	points: [number, number][];
}

/** Fine lines are shallow and narrow; wrinkles add a few deep, wide creases among them. */
export function creaseMap(f: Frame, rnd: () => number, deep: boolean): Float32Array {
	const map = new Float32Array(f.w * f.h);
	const eye = f.canthus;
	// Creases fan out laterally; from above the frame only the ones heading down reach it.
	const tilt = eye[1] < -40 ? 0.6 : 0;
	const count = 11 + Math.floor(rnd() * 6);
	for (let i = 0; i < count; i++) {
		const strong = deep && i % 3 === 0;
		const crease: Crease = {
			depth: strong ? 0.25 + 0.12 * rnd() : 0.07 + 0.05 * rnd(),
			half: strong ? 0.6 + 0.3 * rnd() : 0.2 + 0.12 * rnd(),
			points: []
		};
		// Fanning from above the lateral direction to well below it, each bowed its own way
		// and wandering a little, from points along the corner's crow's-foot fold.
		const angle = tilt - 0.5 + (1.3 * (i + rnd() * 0.9)) / count;
		const start = 5 + 12 * rnd();
		let u = eye[0] + start * Math.cos(angle);
		let v = eye[1] + (rnd() - 0.5) * 6 + start * Math.sin(angle);
		let heading = angle + (rnd() - 0.5) * 0.2;
		const length = (strong ? 26 : 10) + 24 * rnd();
		const bend = (rnd() - 0.5) * 0.035;
		for (let s = 0; s <= length; s += STEP) {
			crease.points.push([f.w / 2 + f.side * u * f.mm, f.h / 2 + v * f.mm]);
			u += STEP * Math.cos(heading);
			v += STEP * Math.sin(heading);
			heading += bend + (rnd() - 0.5) * 0.08;
		}
		carve(map, f, crease);
	}
	return map;
}

function carve(map: Float32Array, f: Frame, c: Crease) {
	const half = c.half * f.mm;
	const reach = half * 2.2;
	const n = c.points.length;
	for (let i = 1; i < n; i++) {
		const [ax, ay] = c.points[i - 1];
		const [bx, by] = c.points[i];
		// Tapered at both ends, as a crease runs out into smooth skin.
		const t = i / n;
		const depth = c.depth * Math.min(1, 4 * t, 3 * (1 - t));
		const [dx, dy] = [bx - ax, by - ay];
		const len2 = dx * dx + dy * dy || 1;
		const reach2 = (reach / half) ** 2;
		const x0 = Math.max(0, Math.floor(Math.min(ax, bx) - reach));
		const x1 = Math.min(f.w - 1, Math.ceil(Math.max(ax, bx) + reach));
		const y0 = Math.max(0, Math.floor(Math.min(ay, by) - reach));
		const y1 = Math.min(f.h - 1, Math.ceil(Math.max(ay, by) + reach));
		for (let y = y0; y <= y1; y++) {
			for (let x = x0; x <= x1; x++) {
				const k = Math.min(1, Math.max(0, ((x - ax) * dx + (y - ay) * dy) / len2));
				const d2 = ((x - ax - k * dx) ** 2 + (y - ay - k * dy) ** 2) / (half * half);
				if (d2 > reach2) {
					continue;
				}
				const g = -depth * Math.exp(-d2);
				const o = y * f.w + x;
				if (g < map[o]) {
					map[o] = g;
				}
			}
		}
	}
}
