import type { Frame } from './frame';
import type { Pore } from './pores';

// Vellus hair: fine, short and sparse, growing out of about one pore in four and combed the
// same way by the skin's growth pattern. Thinner than a pixel, so each is drawn as a faint
// trail; a few lie at the angle that catches the light and glint.

export interface Hair {
	/** how much of each pixel a hair covers, 0..1 */
	cover: Float32Array;
	/** where a hair catches the key light */
	glint: Float32Array;
}

export function hairFor(f: Frame, pores: Pore[], rnd: () => number): Hair {
	const cover = new Float32Array(f.w * f.h);
	const glint = new Float32Array(f.w * f.h);
	// Down and towards the ear, as vellus hair lies on a cheek; down towards the midline on
	// the belly.
	const flow = f.site === 'abdomen' ? Math.atan2(1, -f.side * 0.3) : Math.atan2(1, f.side * 0.6);
	for (const p of pores) {
		if (rnd() > 0.26) {
			continue;
		}
		let angle = flow + (rnd() - 0.5) * 0.9;
		const curl = (rnd() - 0.5) * 0.025;
		const length = (0.6 + 1.8 * rnd() * rnd()) * f.mm;
		const shine = rnd() < 0.18 ? 0.6 + 0.6 * rnd() : 0;
		const thick = 0.3 + 0.25 * rnd();
		let [x, y] = [p.x, p.y];
		for (let s = 0; s < length; s += 0.5) {
			x += 0.5 * Math.cos(angle);
			y += 0.5 * Math.sin(angle);
			angle += curl;
			const fade = thick * Math.min(1, (2 * (length - s)) / length);
			splat(cover, f, x, y, fade * 0.5);
			if (shine) {
				splat(glint, f, x, y, fade * shine * 0.5);
			}
		}
	}
	return { cover, glint };
}

/** Adds `a` at a fractional position, shared bilinearly between four pixels. */
function splat(map: Float32Array, f: Frame, x: number, y: number, a: number) {
	const [ix, iy] = [Math.floor(x), Math.floor(y)];
	if (ix < 0 || iy < 0 || ix >= f.w - 1 || iy >= f.h - 1) {
		return;
	}
	const [fx, fy] = [x - ix, y - iy];
	const o = iy * f.w + ix;
	map[o] = Math.min(1, map[o] + a * (1 - fx) * (1 - fy));
	map[o + 1] = Math.min(1, map[o + 1] + a * fx * (1 - fy));
	map[o + f.w] = Math.min(1, map[o + f.w] + a * (1 - fx) * fy);
	map[o + f.w + 1] = Math.min(1, map[o + f.w + 1] + a * fx * fy);
}
