import type { Frame } from './frame';

// Crow's feet: creases fanning out from the outer corner of the eye, which sits just past the
// frame's upper medial edge so no eye has to be drawn. Laid out once per course as a map of
// full-depth grooves (mm); each session scales it as treatment softens them.

interface Crease {
	depth: number;
	/** half-width of the groove, mm */
	half: number;
	points: [number, number][];
}

/** Fine lines are shallow and narrow; wrinkles add a few deep, wide creases among them. */
export function creaseMap(f: Frame, rnd: () => number, deep: boolean): Float32Array {
	const map = new Float32Array(f.w * f.h);
	// The eye's outer corner, mm from the frame's centre.
	const eye = [-34, -12];
	const count = 9 + Math.floor(rnd() * 5);
	for (let i = 0; i < count; i++) {
		const strong = deep && i % 3 === 0;
		const crease: Crease = {
			depth: strong ? 0.25 + 0.12 * rnd() : 0.06 + 0.04 * rnd(),
			half: strong ? 0.6 + 0.3 * rnd() : 0.2 + 0.12 * rnd(),
			points: []
		};
		// Fanning from above the lateral direction to well below it, each gently bowed.
		const angle = -0.55 + (1.5 * (i + rnd() * 0.8)) / count;
		const start = 6 + 10 * rnd();
		let [u, v] = [eye[0] + start * Math.cos(angle), eye[1] + start * Math.sin(angle)];
		let heading = angle;
		const length = (strong ? 30 : 14) + 22 * rnd();
		const bend = (rnd() - 0.35) * 0.012;
		for (let s = 0; s <= length; s += 0.6) {
			crease.points.push([f.w / 2 + f.side * u * f.mm, f.h / 2 + v * f.mm]);
			u += 0.6 * Math.cos(heading);
			v += 0.6 * Math.sin(heading);
			heading += bend + (rnd() - 0.5) * 0.03;
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
		const x0 = Math.max(0, Math.floor(Math.min(ax, bx) - reach));
		const x1 = Math.min(f.w - 1, Math.ceil(Math.max(ax, bx) + reach));
		const y0 = Math.max(0, Math.floor(Math.min(ay, by) - reach));
		const y1 = Math.min(f.h - 1, Math.ceil(Math.max(ay, by) + reach));
		for (let y = y0; y <= y1; y++) {
			for (let x = x0; x <= x1; x++) {
				const k = Math.min(1, Math.max(0, ((x - ax) * dx + (y - ay) * dy) / len2));
				const d = Math.hypot(x - ax - k * dx, y - ay - k * dy) / half;
				const g = -depth * Math.exp(-d * d);
				const o = y * f.w + x;
				if (g < map[o]) {
					map[o] = g;
				}
			}
		}
	}
}
