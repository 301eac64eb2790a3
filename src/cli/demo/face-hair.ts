import { smooth } from './render-kit';

// Hair that reads as hair rather than a brushed-metal helmet: strands grouped into locks, each
// lock's shade drifting along its length, single strands finer still; and, at the silhouette,
// a few flyaway strands over the backdrop.

/** Adds smooth 1-D value noise along `count` samples `stride` apart, starting at `start`. */
function line(
	dst: Float32Array,
	start: number,
	stride: number,
	count: number,
	cell: number,
	amp: number,
	rnd: () => number
) {
	let prev = rnd() * 2 - 1;
	let next = rnd() * 2 - 1;
	const phase = Math.floor(rnd() * cell);
	for (let i = 0; i < count; i++) {
		const j = i + phase;
		if (j % cell === 0) {
			prev = next;
			next = rnd() * 2 - 1;
		}
		dst[start + i * stride] += amp * (prev + (next - prev) * smooth((j % cell) / cell));
	}
}

/**
 * Strand shading, -1..1, for hair lying along the texture's rows (`strand`: round the head) and
 * down its columns (`comb`: drawn up and back over the forehead). Locks a few rows thick whose
 * shade drifts slowly, strands within them at two finer scales.
 */
export function hairStrands(tw: number, rows: number, k: number, long: boolean, rnd: () => number) {
	const strand = new Float32Array(rows * tw);
	const comb = new Float32Array(rows * tw);
	const lock = Math.max(2, Math.round(6 * k));
	const along = Math.max(3, Math.round((long ? 80 : 14) * k));
	// Locks: noise along the lock on every lock-th row, blended across the rows between.
	const locks = new Float32Array(rows * tw);
	for (let y = 0; y < rows; y += lock) {
		line(locks, y * tw, 1, tw, along, 1, rnd);
	}
	for (let y = 0; y < rows; y++) {
		const y0 = Math.floor(y / lock) * lock;
		const y1 = Math.min(rows - 1, y0 + lock);
		const f = smooth((y - y0) / lock);
		for (let x = 0, a = y0 * tw, b = y1 * tw, o = y * tw; x < tw; x++) {
			strand[o + x] = 0.6 * (locks[a + x] + (locks[b + x] - locks[a + x]) * f);
		}
		line(strand, y * tw, 1, tw, Math.max(2, Math.round(along / 4)), 0.28, rnd);
		line(strand, y * tw, 1, tw, Math.max(2, Math.round(along / 14)), 0.14, rnd);
	}
	const colLock = Math.max(2, Math.round(5 * k));
	const down = Math.max(3, Math.round(45 * k));
	locks.fill(0);
	for (let x = 0; x < tw; x += colLock) {
		line(locks, x, tw, rows, down, 1, rnd);
	}
	for (let x = 0; x < tw; x++) {
		const x0 = Math.floor(x / colLock) * colLock;
		const x1 = (x0 + colLock) % tw;
		const f = smooth((x - x0) / colLock);
		for (let y = 0, o = x; y < rows; y++, o += tw) {
			const row = y * tw;
			comb[o] = 0.6 * (locks[row + x0] + (locks[row + x1] - locks[row + x0]) * f);
		}
		line(comb, x, tw, rows, Math.max(2, Math.round(down / 4)), 0.28, rnd);
		line(comb, x, tw, rows, Math.max(2, Math.round(down / 12)), 0.14, rnd);
	}
	return { strand, comb };
}

/**
 * Flyaway strands: thin curved hairs leaving the hair's outline over the backdrop, drawn into
 * the photo's light (RGB floats) before the camera develops it. `solid` marks the head's pixels;
 * `rows` is the band of the photo where the outline is hair; `colour` is the hair's lit colour.
 */
export function flyaways(
	px: Float32Array,
	solid: Uint8Array,
	w: number,
	h: number,
	rows: [number, number],
	colour: [number, number, number],
	k: number,
	rnd: () => number,
	count = 70
) {
	for (let i = 0; i < count; i++) {
		const [a, b, c, d, e] = [rnd(), rnd(), rnd(), rnd(), rnd()];
		const y = Math.round(rows[0] + a * (rows[1] - rows[0]));
		if (y <= 0 || y >= h - 1) {
			continue;
		}
		// The outline on one side of this row: the last solid pixel before the backdrop.
		const left = b < 0.5;
		let x = -1;
		if (left) {
			for (let i = 0; i < w; i++) {
				if (solid[y * w + i]) {
					x = i + 2;
					break;
				}
			}
		} else {
			for (let i = w - 1; i >= 0; i--) {
				if (solid[y * w + i]) {
					x = i - 2;
					break;
				}
			}
		}
		if (x < 0) {
			continue;
		}
		// Out and up from the outline, curling as it goes; longer at the crown.
		const len = (12 + 38 * c * c) * k;
		const rise = (0.3 + 0.9 * d) * (y < rows[0] + 40 * k ? 1 : 0.6);
		let ang = left ? Math.PI - rise : rise;
		const curl = (e - 0.5) * 0.08;
		const alpha = 0.25 + 0.35 * e;
		let [fx, fy] = [x, y];
		for (let s = 0; s < len; s += 0.5) {
			fx += 0.5 * Math.cos(ang);
			fy -= 0.5 * Math.sin(ang);
			ang += curl;
			const xi = Math.floor(fx);
			const yi = Math.floor(fy);
			if (xi < 0 || yi < 0 || xi >= w - 1 || yi >= h - 1) {
				break;
			}
			// Thinner and fainter towards the tip; split over the four nearest pixels.
			const t = alpha * (1 - s / len) * 0.5;
			const ux = fx - xi;
			const uy = fy - yi;
			for (const [dx, dy, wgt] of [
				[0, 0, (1 - ux) * (1 - uy)],
				[1, 0, ux * (1 - uy)],
				[0, 1, (1 - ux) * uy],
				[1, 1, ux * uy]
			]) {
				const o = ((yi + dy) * w + xi + dx) * 3;
				const m = t * wgt;
				px[o] += (colour[0] - px[o]) * m;
				px[o + 1] += (colour[1] - px[o + 1]) * m;
				px[o + 2] += (colour[2] - px[o + 2]) * m;
			}
		}
	}
}
