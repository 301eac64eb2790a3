import sharp from 'sharp';
import { toAffine, type Similarity } from '../photos/align/similarity';

export interface RawPixels {
	data: Buffer;
	info: { width: number; height: number; channels: 3 | 4 };
}

/**
 * Where no pixel of the after photo lands (its frame was turned or shifted against the
 * before's): a flat mid grey. It reads as "no picture here", where a copied edge or a blur
 * would invent skin that was never photographed.
 */
export const NO_PIXELS_FILL = { r: 128, g: 128, b: 128 } as const;

/**
 * The photo moved into another photo's pixel grid (`width` × `height`) by a similarity:
 * pixel (x, y) of `pixels` lands on (x', y') = s(cos θ·x − sin θ·y) + dx, s(sin θ·x + cos θ·y) + dy.
 * Only rotation, uniform scale and translation: nothing can reshape the skin.
 */
export async function warpInto(
	pixels: RawPixels,
	t: Similarity,
	width: number,
	height: number
): Promise<RawPixels> {
	const [a, b, tx, c, d, ty] = toAffine(t);
	const { width: w, height: h } = pixels.info;
	// libvips lays its output out from the floor of the bounding box of the input turned by the
	// 2×2 part alone (odx/ody only move the content on that canvas; checked in warp.spec.ts), so
	// adding that corner back to the shift puts output pixel (0, 0) on the grid's (0, 0).
	const corners = [
		[0, 0],
		[w, 0],
		[0, h],
		[w, h]
	].map(([x, y]) => [a * x + b * y, c * x + d * y]);
	const ox = Math.floor(Math.min(...corners.map((p) => p[0])));
	const oy = Math.floor(Math.min(...corners.map((p) => p[1])));
	const opaque = pixels.info.channels === 3 ? pixels : await dropAlpha(pixels);
	const turned = await sharp(opaque.data, { raw: opaque.info })
		.affine(
			[
				[a, b],
				[c, d]
			],
			{ odx: tx + ox, ody: ty + oy, background: NO_PIXELS_FILL, interpolator: 'bicubic' }
		)
		.raw()
		.toBuffer({ resolveWithObject: true });
	// the canvas is the turned photo's size: pad it with the fill where the grid is larger (two
	// steps: in one pipeline sharp would cut before it pads)
	const padded = await sharp(turned.data, {
		raw: { width: turned.info.width, height: turned.info.height, channels: 3 }
	})
		.extend({
			right: Math.max(0, width - turned.info.width),
			bottom: Math.max(0, height - turned.info.height),
			background: NO_PIXELS_FILL
		})
		.raw()
		.toBuffer({ resolveWithObject: true });
	const { data, info } = await sharp(padded.data, {
		raw: { width: padded.info.width, height: padded.info.height, channels: 3 }
	})
		.extract({ left: 0, top: 0, width, height })
		.raw()
		.toBuffer({ resolveWithObject: true });
	return { data, info: { width: info.width, height: info.height, channels: 3 } };
}

async function dropAlpha(pixels: RawPixels): Promise<RawPixels> {
	const { data, info } = await sharp(pixels.data, { raw: pixels.info })
		.removeAlpha()
		.raw()
		.toBuffer({ resolveWithObject: true });
	return { data, info: { width: info.width, height: info.height, channels: 3 } };
}
