import sharp from 'sharp';
import { mulberry32 } from './render-kit';

// What a real camera does to the rendered light before it becomes a JPEG: a lens that is not
// perfectly sharp and splits colours a little towards the corners, a film-like tone curve that
// rolls highlights off instead of clipping them, and sensor noise finer than any pore. A perfect
// render is what gives a generated face away first; all of this runs on typed arrays in one or
// two passes over the frame.

const LUT_MAX = 2;
const LUT_SIZE = 2048;
let lut: Float32Array | undefined;

/**
 * The tone curve, input and output as fractions of white: a lifted toe (shadows never quite
 * black), straight through the mid-tones and a soft shoulder, so the oily sheen on a nose or a
 * forehead blooms into white instead of ending in a flat clipped patch.
 */
function filmic(x: number): number {
	if (x <= 0) {
		return 0.018;
	}
	const toe = x < 0.25 ? 0.018 * (1 - x / 0.25) ** 2 : 0;
	const knee = 0.72;
	return toe + (x < knee ? x : knee + (1 - knee) * (1 - Math.exp(-(x - knee) / (1 - knee))));
}

function toneLut() {
	if (!lut) {
		lut = new Float32Array(LUT_SIZE + 1);
		for (let i = 0; i <= LUT_SIZE; i++) {
			lut[i] = 255 * filmic((i / LUT_SIZE) * LUT_MAX);
		}
	}
	return lut;
}

const TILE = 512;
let grainTile: Float32Array | undefined;

/** Sensor grain, -1..1 and roughly bell-shaped: one tile, read at a per-photo offset. */
function grain() {
	if (!grainTile) {
		const rnd = mulberry32(0x5bd1e995);
		grainTile = new Float32Array(TILE * TILE);
		for (let i = 0; i < grainTile.length; i++) {
			grainTile[i] = rnd() + rnd() - 1;
		}
	}
	return grainTile;
}

/**
 * Turns rendered light (RGB floats, 255 = white, brighter allowed) into the camera's JPEG.
 * `seed` fixes the noise, so a photo renders the same bytes every time.
 */
export function develop(light: Float32Array, w: number, h: number, seed: number): Promise<Buffer> {
	return sharp(expose(light, w, h, seed), { raw: { width: w, height: h, channels: 3 } })
		.convolve(LENS)
		.jpeg({ quality: 85, mozjpeg: false })
		.toBuffer();
}

/**
 * A lens a little short of perfect: each pixel keeps about half of itself and takes the rest
 * from its neighbours, which softens the render's hard edges but leaves pores (and most of the
 * sensor's grain, which is why the grain is a little stronger than a sensor's).
 */
const LENS = {
	width: 3,
	height: 3,
	// Whole numbers and a scale keep libvips on its fast integer path.
	kernel: [1, 2, 1, 2, 15, 2, 1, 2, 1],
	scale: 27
};

/** The sensor's 8-bit picture: chromatic aberration, grain and the tone curve, in one pass. */
function expose(light: Float32Array, w: number, h: number, seed: number): Uint8ClampedArray {
	const out = new Uint8ClampedArray(w * h * 3);
	const curve = toneLut();
	const scale = LUT_SIZE / (255 * LUT_MAX);
	const [cx, cy] = [w / 2, h / 2];
	const diag2 = cx * cx + cy * cy;
	// Lateral chromatic aberration: red lands a little further out than green, blue a little
	// further in, about a pixel at the corners of a 900 px photo; nothing shows nearer the middle.
	const ca = (1.2 * (w / 900)) / Math.sqrt(diag2) / 0.65;
	const tile = grain();
	const rnd = mulberry32(seed);
	const [ox, oy] = [Math.floor(rnd() * TILE), Math.floor(rnd() * TILE)];
	for (let y = 0, o = 0; y < h; y++) {
		const dy = y - cy;
		const trow = ((y + oy) & (TILE - 1)) * TILE;
		for (let x = 0; x < w; x++, o++) {
			const dx = x - cx;
			const i = o * 3;
			let r = light[i];
			const g = light[i + 1];
			let b = light[i + 2];
			const e = (dx * dx + dy * dy) / diag2;
			if (e > 0.35) {
				// Whole pixels only: the lens pass after this smooths the steps.
				const s = ca * (e - 0.35);
				const sx = Math.round(dx * s);
				const sy = Math.round(dy * s);
				if (sx !== 0 || sy !== 0) {
					const xr = Math.min(w - 1, Math.max(0, x + sx));
					const yr = Math.min(h - 1, Math.max(0, y + sy));
					const xb = Math.min(w - 1, Math.max(0, x - sx));
					const yb = Math.min(h - 1, Math.max(0, y - sy));
					r = light[(yr * w + xr) * 3];
					b = light[(yb * w + xb) * 3 + 2];
				}
			}
			// Luminance noise: a floor of read noise plus shot noise growing with the light.
			const lum = 0.3 * r + 0.59 * g + 0.11 * b;
			const n = tile[trow + ((x + ox) & (TILE - 1))] * (2.6 + 0.014 * lum);
			const ri = (r + n) * scale;
			const gi = (g + n) * scale;
			const bi = (b + n) * scale;
			out[i] = curve[ri > 0 ? (ri < LUT_SIZE ? ri | 0 : LUT_SIZE) : 0];
			out[i + 1] = curve[gi > 0 ? (gi < LUT_SIZE ? gi | 0 : LUT_SIZE) : 0];
			out[i + 2] = curve[bi > 0 ? (bi < LUT_SIZE ? bi | 0 : LUT_SIZE) : 0];
		}
	}
	return out;
}
