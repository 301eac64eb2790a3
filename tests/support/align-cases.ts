// Photos with a known alignment: a source image moved by an exact similarity (bilinear, in
// JavaScript, so the truth is known to the pixel), with an exposure gain, a white-balance shift or
// a blur, re-encoded as JPEG. Used by the alignment spec and `npm run bench -- alignment`.
import sharp from 'sharp';
import {
	aboutCentre,
	apply,
	invert,
	normaliseDeg,
	type Similarity
} from '../../src/lib/server/photos/align/similarity';

export interface RawRgb {
	data: Uint8Array;
	width: number;
	height: number;
}

export async function decodeRgb(input: Buffer | string): Promise<RawRgb> {
	const { data, info } = await sharp(input)
		.autoOrient()
		.removeAlpha()
		.raw()
		.toBuffer({ resolveWithObject: true });
	return { data, width: info.width, height: info.height };
}

export interface Change {
	/** source → new photo (the alignment to find is its inverse) */
	move?: Similarity;
	/** multiplies every sRGB value: 0.7 is 30 % darker */
	gain?: number;
	/** per-channel sRGB gains, R G B */
	wb?: [number, number, number];
	/** Gaussian blur σ in pixels */
	blur?: number;
	/** output size; the source's when not given */
	width?: number;
	height?: number;
}

/** The source changed as told, as a JPEG (quality 90). */
export async function changedCopy(src: RawRgb, c: Change): Promise<Buffer> {
	const width = c.width ?? src.width;
	const height = c.height ?? src.height;
	const inv = invert(c.move ?? { scale: 1, rotationDeg: 0, dx: 0, dy: 0 });
	const gains = (c.wb ?? [1, 1, 1]).map((g) => g * (c.gain ?? 1));
	const out = Buffer.alloc(width * height * 3);
	const { data, width: w, height: h } = src;
	for (let y = 0; y < height; y++) {
		for (let x = 0; x < width; x++) {
			const [sx, sy] = apply(inv, [x, y]);
			const o = (y * width + x) * 3;
			if (sx < 0 || sy < 0 || sx > w - 1 || sy > h - 1) {
				continue; // black outside the source, as a photo's missing border would be
			}
			const [x0, y0] = [Math.floor(sx), Math.floor(sy)];
			const [x1, y1] = [Math.min(x0 + 1, w - 1), Math.min(y0 + 1, h - 1)];
			const [fx, fy] = [sx - x0, sy - y0];
			for (let k = 0; k < 3; k++) {
				const top = data[(y0 * w + x0) * 3 + k] * (1 - fx) + data[(y0 * w + x1) * 3 + k] * fx;
				const bottom = data[(y1 * w + x0) * 3 + k] * (1 - fx) + data[(y1 * w + x1) * 3 + k] * fx;
				out[o + k] = Math.min(255, Math.round((top * (1 - fy) + bottom * fy) * gains[k]));
			}
		}
	}
	const image = sharp(out, { raw: { width, height, channels: 3 } });
	if (c.blur) {
		image.blur(c.blur);
	}
	return image.jpeg({ quality: 90 }).toBuffer();
}

/** A seeded generator (mulberry32): the same cases every run. */
export function seeded(seed: number): () => number {
	let s = seed >>> 0;
	return () => {
		s = (s + 0x6d2b79f5) >>> 0;
		let t = s;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

/**
 * Issue 18's random case: rotation ±10°, scale 0.85–1.15 about the centre, shift ±10 % of each
 * side, exposure ±30 %, red and blue gains 0.9–1.1.
 */
export function randomChange(random: () => number, width: number, height: number): Change {
	const u = (a: number, b: number) => a + (b - a) * random();
	const move = aboutCentre(
		u(0.85, 1.15),
		u(-10, 10),
		[width / 2, height / 2],
		[u(-0.1, 0.1) * width, u(-0.1, 0.1) * height]
	);
	return { move, gain: u(0.7, 1.3), wb: [u(0.9, 1.1), 1, u(0.9, 1.1)] };
}

export interface AlignmentError {
	rotationDeg: number;
	scalePct: number;
	/** how far the photo's centre lands from where it should, in % of the baseline's width */
	centrePctOfWidth: number;
}

/** An estimate of photo → baseline against the truth, for a baseline `width` × `height`. */
export function alignmentError(
	found: Similarity,
	truth: Similarity,
	width: number,
	height: number
): AlignmentError {
	const c = apply(invert(truth), [width / 2, height / 2]); // the photo's point at the centre
	const [a, b] = [apply(found, c), apply(truth, c)];
	return {
		rotationDeg: Math.abs(normaliseDeg(found.rotationDeg - truth.rotationDeg)),
		scalePct: Math.abs(found.scale / truth.scale - 1) * 100,
		centrePctOfWidth: (Math.hypot(a[0] - b[0], a[1] - b[1]) / width) * 100
	};
}

/** Issue 18's bar: within 0.5°, 1 % scale and 0.5 % of the width. */
export const withinTolerance = (e: AlignmentError) =>
	e.rotationDeg <= 0.5 && e.scalePct <= 1 && e.centrePctOfWidth <= 0.5;
