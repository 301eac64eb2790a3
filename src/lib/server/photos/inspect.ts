import sharp, { type Metadata } from 'sharp';
import { MAX_INPUT_PIXELS, type SourceType } from './decode';
import { PhotoRejected } from './rejection';

/** Below this on the short edge a photo is no use for comparing skin over time. */
export const MIN_EDGE = 200;
const MAX_CHANNELS = 4;

export interface Inspected {
	width: number;
	height: number;
}

/**
 * Checks that read only the header, before anything is decoded: pixel count, channels, one
 * frame. Then, where the codec can decode at a fraction of full size (JPEG, WebP) or the file
 * is small, a reduced decode proves the data is whole, so a truncated file is refused now
 * rather than failing later in the worker.
 */
export async function inspectPhoto(path: string, type: SourceType): Promise<Inspected> {
	let meta: Metadata;
	try {
		meta = await sharp(path, { limitInputPixels: false, pages: 1 }).metadata();
	} catch {
		throw new PhotoRejected(422, 'The file is not a readable image (it may be corrupt).');
	}
	const { width, height, channels } = meta;
	if (!width || !height) {
		throw new PhotoRejected(422, 'The image has no dimensions (it may be corrupt).');
	}
	if (width * height > MAX_INPUT_PIXELS) {
		const mp = Math.round((width * height) / 1e6);
		throw new PhotoRejected(
			422,
			`The image is ${mp} megapixels; the limit is ${MAX_INPUT_PIXELS / 1e6} megapixels.`
		);
	}
	if (Math.min(width, height) < MIN_EDGE) {
		throw new PhotoRejected(
			422,
			`The image is ${width}×${height} pixels; clinical photos need at least ${MIN_EDGE} pixels on each side.`
		);
	}
	if ((channels ?? 0) > MAX_CHANNELS) {
		throw new PhotoRejected(422, `The image has ${channels} channels; at most ${MAX_CHANNELS}.`);
	}
	if ((meta.pages ?? 1) > 1) {
		throw new PhotoRejected(422, 'Animated or multi-page images are not accepted; upload a photo.');
	}
	if (type === 'image/jpeg' || type === 'image/webp' || type === 'image/png') {
		try {
			await sharp(path, { limitInputPixels: MAX_INPUT_PIXELS, failOn: 'truncated', pages: 1 })
				.resize({ width: 64, withoutEnlargement: true })
				.raw()
				.toBuffer();
		} catch {
			throw new PhotoRejected(422, 'The image data is corrupt or incomplete.');
		}
	}
	// EXIF orientations 5–8 swap the axes.
	const swap = (meta.orientation ?? 1) >= 5;
	return { width: swap ? height : width, height: swap ? width : height };
}
