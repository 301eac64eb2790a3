import sharp, { type Metadata } from 'sharp';
import type { SourceType } from '../pipeline/decode';
import { checkStructure, StructureRefused } from './structure';
import { isWholeHeifFile } from './heif-boxes';
import { ANIMATED_MESSAGE, MAX_INPUT_PIXELS, PhotoRejected, tooManyPixels } from './rejection';

/** Below this on the short edge a photo is no use for comparing skin over time. */
export const MIN_EDGE = 200;
const MAX_CHANNELS = 4;

const CORRUPT = 'The image data is corrupt or incomplete.';

export interface Inspected {
	width: number;
	height: number;
}

/**
 * Checks that read only the headers, before anything is decoded: the file's structure (no
 * flood of scans, chunks or items), pixel count, channels, one frame. Then, where the codec can decode at a fraction of full size (JPEG, WebP) or the file
 * is small, a reduced decode proves the data is whole, and for HEIC and AVIF the box structure
 * does, so a truncated file is refused now rather than failing later in the worker.
 */
export async function inspectPhoto(path: string, type: SourceType): Promise<Inspected> {
	try {
		await checkStructure(path, type);
	} catch (e) {
		if (e instanceof StructureRefused) {
			throw new PhotoRejected(422, e.message);
		}
		throw e;
	}
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
		throw new PhotoRejected(422, tooManyPixels(width, height));
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
		throw new PhotoRejected(422, ANIMATED_MESSAGE);
	}
	if (type === 'image/jpeg' || type === 'image/webp' || type === 'image/png') {
		try {
			await sharp(path, { limitInputPixels: MAX_INPUT_PIXELS, failOn: 'truncated', pages: 1 })
				.resize({ width: 64, withoutEnlargement: true })
				.raw()
				.toBuffer();
		} catch {
			throw new PhotoRejected(422, CORRUPT);
		}
	} else if (!(await isWholeHeifFile(path))) {
		// A full HEIC or AVIF decode here would cost what the worker's does; reading the box
		// headers costs nothing and catches a file cut off in transfer.
		throw new PhotoRejected(422, CORRUPT);
	}
	// EXIF orientations 5–8 swap the axes.
	const swap = (meta.orientation ?? 1) >= 5;
	return { width: swap ? height : width, height: swap ? width : height };
}

export { tooManyPixels };
