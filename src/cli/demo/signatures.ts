import sharp from 'sharp';

const WIDTH = 600;
const HEIGHT = 180;
type Point = [number, number];

/**
 * A demo patient's drawn signature, as the consent pad would send it (a 600 × 180 PNG data
 * URL), so the demo's consent documents show a signature rather than "recorded without one".
 * A hand-like stroke per name: a capital loop, then a joined run of loops (tall for ascenders,
 * a loop below for descenders) that lose shape towards the end as a quick hand does, slanted,
 * with a flourish under it; varied by a seed taken from the name, so each patient's differs
 * and the same patient's is the same on every seeding. Drawn here, point by point, because
 * the server refuses SVG and every other vector input to sharp (photos/pipeline/decode.ts).
 */
export async function demoSignature(name: string): Promise<string> {
	const random = seeded(name);
	const strokes = handStrokes(name, random);
	const slant = 0.2 + random() * 0.12;
	const alpha = new Float32Array(WIDTH * HEIGHT);
	for (const stroke of strokes) {
		// lean the writing forward, pivoting on the baseline
		ink(
			alpha,
			stroke.map(([x, y]) => [x + (118 - y) * slant, y])
		);
	}
	const rgba = Buffer.alloc(WIDTH * HEIGHT * 4);
	for (let i = 0; i < alpha.length; i++) {
		rgba[i * 4] = 0x1b;
		rgba[i * 4 + 1] = 0x1f;
		rgba[i * 4 + 2] = 0x23;
		rgba[i * 4 + 3] = Math.round(Math.min(1, alpha[i]) * 255);
	}
	const png = await sharp(rgba, { raw: { width: WIDTH, height: HEIGHT, channels: 4 } })
		.png({ compressionLevel: 9 })
		.toBuffer();
	return `data:image/png;base64,${png.toString('base64')}`;
}

/** The strokes of the signature, as polylines sampled from cubic curves. */
function handStrokes(name: string, random: () => number): Point[][] {
	const words = name
		.split(/\s+/)
		.map((w) => w.replace(/[^A-Za-z]/g, ''))
		.filter(Boolean)
		.slice(0, 2);
	const base = 118;
	let x = 36;
	const strokes: Point[][] = [];
	for (const [i, word] of words.entries()) {
		const pen = new Pen(x, base);
		const cap = 70 + random() * 25;
		pen.curve([6 + random() * 8, -cap], [40 + random() * 10, -cap - 10], [28, -cap * 0.45]);
		pen.curve([2, 26], [-10, cap * 0.4], [8 + random() * 8, cap * 0.38]);
		for (const [k, ch] of [...word.slice(1, i ? 7 : 5)].entries()) {
			const fade = 1 - k * 0.07;
			const tall = /[bdfhklt]/i.test(ch);
			const h = ((tall ? 58 : 24) + random() * 12) * fade;
			const w = (20 + random() * 12) * fade;
			if (/[gjpqy]/i.test(ch)) {
				pen.curve([w * 0.3, -h], [w * 0.9, -h * 0.7], [w * 0.55, 0]);
				pen.curve([w * 0.1, 6], [-w * 0.5, 44 * fade], [0, 38 * fade]);
				pen.curve([w * 0.5, 2], [w * 0.7, -40 * fade], [w * 0.55, -38 * fade]);
			} else {
				pen.curve([w * 0.15, -h], [w * 0.95, -h * 1.05], [w * 0.62, -h * 0.12]);
				pen.curve([w * 0.05, h * 0.1], [-w * 0.15, h * 0.18], [w * 0.38, h * 0.12]);
			}
		}
		strokes.push(pen.points);
		x = pen.x + 18 + random() * 10;
	}
	const end = Math.min(x, 560);
	const flourish = new Pen(50 + random() * 20, base + 22);
	flourish.curve([(end - 60) * 0.3, 8], [(end - 60) * 0.6, 12 + random() * 8], [end - 70, -8]);
	strokes.push(flourish.points);
	return strokes;
}

/** Draws relative cubic curves (like SVG's `c`), keeping the sampled points. */
class Pen {
	points: Point[];
	constructor(
		public x: number,
		public y: number
	) {
		this.points = [[x, y]];
	}
	curve(c1: Point, c2: Point, to: Point) {
		const [x0, y0] = [this.x, this.y];
		for (let i = 1; i <= 24; i++) {
			const t = i / 24;
			const u = 1 - t;
			const b = [u * u * u, 3 * u * u * t, 3 * u * t * t, t * t * t];
			this.points.push([
				x0 + b[1] * c1[0] + b[2] * c2[0] + b[3] * to[0],
				y0 + b[1] * c1[1] + b[2] * c2[1] + b[3] * to[1]
			]);
		}
		[this.x, this.y] = [x0 + to[0], y0 + to[1]];
	}
}

/** Lays a 2.6 px pen along the polyline, with soft (anti-aliased) edges. */
function ink(alpha: Float32Array, line: Point[]) {
	const r = 1.3;
	for (let i = 1; i < line.length; i++) {
		const [ax, ay] = line[i - 1];
		const [bx, by] = line[i];
		const len = Math.hypot(bx - ax, by - ay);
		const minX = Math.max(0, Math.floor(Math.min(ax, bx) - r - 1));
		const maxX = Math.min(WIDTH - 1, Math.ceil(Math.max(ax, bx) + r + 1));
		const minY = Math.max(0, Math.floor(Math.min(ay, by) - r - 1));
		const maxY = Math.min(HEIGHT - 1, Math.ceil(Math.max(ay, by) + r + 1));
		for (let py = minY; py <= maxY; py++) {
			for (let px = minX; px <= maxX; px++) {
				// distance from the pixel's centre to the segment
				const t =
					len === 0
						? 0
						: Math.max(
								0,
								Math.min(1, ((px + 0.5 - ax) * (bx - ax) + (py + 0.5 - ay) * (by - ay)) / len ** 2)
							);
				const d = Math.hypot(px + 0.5 - (ax + t * (bx - ax)), py + 0.5 - (ay + t * (by - ay)));
				const cover = Math.max(0, Math.min(1, r + 0.5 - d));
				const k = py * WIDTH + px;
				alpha[k] = Math.max(alpha[k], cover);
			}
		}
	}
}

/** A small deterministic generator (mulberry32) seeded from the text. */
function seeded(text: string): () => number {
	let a = [...text].reduce((h, c) => Math.imul(h ^ c.charCodeAt(0), 2654435761) >>> 0, 7);
	return () => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}
