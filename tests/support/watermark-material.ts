// Shared by the watermark specs: pixels of a stored image and the mean difference of two over
// a region given in fractions of the image.
import type { WatermarkSettings } from '../../src/lib/domain/watermark';
import sharp, { type OutputInfo } from 'sharp';
import type { BlobStore } from '../../src/lib/server/storage/blob-store';

export interface Raw {
	data: Buffer;
	info: OutputInfo;
}

export const rawOf = (bytes: Buffer): Promise<Raw> =>
	sharp(bytes).removeAlpha().raw().toBuffer({ resolveWithObject: true });

export const storedRaw = async (store: BlobStore, key: string) => rawOf(await store.read(key));

export interface Region {
	x: number;
	y: number;
	w: number;
	h: number;
}

/** Bands along the edges where a corner mark sits (its text is ~5 % of the short side high). */
export const CORNERS = {
	'bottom-right': { x: 0.55, y: 0.85, w: 0.45, h: 0.15 },
	'top-left': { x: 0, y: 0, w: 0.45, h: 0.15 }
} satisfies Record<string, Region>;

/**
 * Whether `marked` shows a mark at `at` that `bare` lacks, and nothing at `away`. A resized
 * lossy encode differs by about 2 levels away from the mark too (measured: WebP 320 and 480
 * wide; 0 at the frame's own width), so "nothing" is well below the mark's own difference.
 */
export function markedAt(marked: Raw, bare: Raw, at: Region, away: Region) {
	const there = regionDiff(marked, bare, at);
	const elsewhere = regionDiff(marked, bare, away);
	return { there, elsewhere, ok: there > 2 && there > 2.5 * elsewhere };
}

/** Mean absolute difference per channel of two same-sized images over `r`. */
export function regionDiff(a: Raw, b: Raw, r: Region): number {
	const { width, height } = a.info;
	if (width !== b.info.width || height !== b.info.height) {
		throw new Error(`sizes differ: ${width}×${height} and ${b.info.width}×${b.info.height}`);
	}
	const [x0, y0] = [Math.floor(r.x * width), Math.floor(r.y * height)];
	const [x1, y1] = [Math.ceil((r.x + r.w) * width), Math.ceil((r.y + r.h) * height)];
	let [sum, n] = [0, 0];
	for (let y = y0; y < Math.min(y1, height); y++) {
		for (let x = x0; x < Math.min(x1, width); x++) {
			for (let ch = 0; ch < 3; ch++) {
				const i = (y * width + x) * 3 + ch;
				sum += Math.abs(a.data[i] - b.data[i]);
				n++;
			}
		}
	}
	return sum / n;
}

/** The watermark the publish and restamp specs turn on: the name, bottom right, strong. */
export const WATERMARK_ON: WatermarkSettings = {
	enabled: true,
	mark: 'name',
	position: 'bottom-right',
	opacity: 0.8
};
