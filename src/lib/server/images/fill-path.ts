// Glyph outlines filled in plain TypeScript. The upload pipeline blocks sharp's SVG loader for
// the whole process (photos/pipeline/decode.ts: uploads are untrusted), so text drawn into
// images cannot go through an SVG: it is rasterised here and handed to sharp as raw pixels.
import type { PathCommand } from 'opentype.js';

export type Contour = [number, number][];

/** Curves become short straight segments: at watermark sizes 8 per curve is smooth. */
const STEPS = 8;

/** Outline commands (opentype.js) to closed polygons. */
export function contoursOf(commands: PathCommand[]): Contour[] {
	const out: Contour[] = [];
	let cur: Contour = [];
	let [px, py] = [0, 0];
	for (const c of commands) {
		if (c.type === 'M') {
			if (cur.length > 1) {
				out.push(cur);
			}
			cur = [[c.x, c.y]];
		} else if (c.type === 'L') {
			cur.push([c.x, c.y]);
		} else if (c.type === 'Q') {
			for (let i = 1; i <= STEPS; i++) {
				const t = i / STEPS;
				const u = 1 - t;
				cur.push([
					u * u * px + 2 * u * t * c.x1 + t * t * c.x,
					u * u * py + 2 * u * t * c.y1 + t * t * c.y
				]);
			}
		} else if (c.type === 'C') {
			for (let i = 1; i <= STEPS; i++) {
				const t = i / STEPS;
				const u = 1 - t;
				cur.push([
					u * u * u * px + 3 * u * u * t * c.x1 + 3 * u * t * t * c.x2 + t * t * t * c.x,
					u * u * u * py + 3 * u * u * t * c.y1 + 3 * u * t * t * c.y2 + t * t * t * c.y
				]);
			}
		} else {
			if (cur.length > 1) {
				out.push(cur);
			}
			cur = [];
			continue;
		}
		[px, py] = cur[cur.length - 1];
	}
	if (cur.length > 1) {
		out.push(cur);
	}
	return out;
}

/** 4 × 4 samples a pixel: anti-aliased edges at a cost that small marks do not notice. */
const SUB = 4;

/**
 * The polygons filled (non-zero winding, as fonts are drawn) into a `width` × `height` coverage
 * mask, one byte a pixel, 0–255.
 */
export function fillMask(contours: Contour[], width: number, height: number): Uint8Array {
	const edges: { x0: number; y0: number; x1: number; y1: number; dir: number }[] = [];
	for (const poly of contours) {
		for (let i = 0; i < poly.length; i++) {
			const [ax, ay] = poly[i];
			const [bx, by] = poly[(i + 1) % poly.length];
			if (ay !== by) {
				edges.push(
					ay < by
						? { x0: ax, y0: ay, x1: bx, y1: by, dir: 1 }
						: { x0: bx, y0: by, x1: ax, y1: ay, dir: -1 }
				);
			}
		}
	}
	const counts = new Uint16Array(width * height);
	const crossings: { x: number; dir: number }[] = [];
	for (let sy = 0; sy < height * SUB; sy++) {
		const y = (sy + 0.5) / SUB;
		crossings.length = 0;
		for (const e of edges) {
			if (y >= e.y0 && y < e.y1) {
				crossings.push({ x: e.x0 + ((y - e.y0) * (e.x1 - e.x0)) / (e.y1 - e.y0), dir: e.dir });
			}
		}
		crossings.sort((a, b) => a.x - b.x);
		const row = Math.floor(sy / SUB) * width;
		let winding = 0;
		for (let i = 0; i < crossings.length - 1; i++) {
			winding += crossings[i].dir;
			if (winding === 0) {
				continue;
			}
			const from = Math.max(0, Math.ceil(crossings[i].x * SUB - 0.5));
			const to = Math.min(width * SUB - 1, Math.floor(crossings[i + 1].x * SUB - 0.5));
			for (let sx = from; sx <= to; sx++) {
				counts[row + Math.floor(sx / SUB)]++;
			}
		}
	}
	const mask = new Uint8Array(width * height);
	for (let i = 0; i < mask.length; i++) {
		mask[i] = Math.round((counts[i] * 255) / (SUB * SUB));
	}
	return mask;
}

/** The mask grown by `radius` pixels (a square neighbourhood): the halo around the letters. */
export function grow(mask: Uint8Array, width: number, height: number, radius: number): Uint8Array {
	const across = new Uint8Array(mask.length);
	for (let y = 0; y < height; y++) {
		for (let x = 0; x < width; x++) {
			let m = 0;
			for (let dx = -radius; dx <= radius; dx++) {
				const xx = x + dx;
				if (xx >= 0 && xx < width) {
					m = Math.max(m, mask[y * width + xx]);
				}
			}
			across[y * width + x] = m;
		}
	}
	const out = new Uint8Array(mask.length);
	for (let y = 0; y < height; y++) {
		for (let x = 0; x < width; x++) {
			let m = 0;
			for (let dy = -radius; dy <= radius; dy++) {
				const yy = y + dy;
				if (yy >= 0 && yy < height) {
					m = Math.max(m, across[yy * width + x]);
				}
			}
			out[y * width + x] = m;
		}
	}
	return out;
}
