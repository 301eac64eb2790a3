import { access, readFile } from 'node:fs/promises';
import sharp, { type Metadata, type OutputInfo, type ResizeOptions, type Sharp } from 'sharp';
import { decodeHeicGridOffThread, decodeHeicOffThread } from './heic-thread';
import { heicGrid } from './heic-grid';
import { isWholeHeif } from '../intake/heif-boxes';
import { MAX_INPUT_PIXELS } from '../intake/rejection';
import { checkStructure, StructureRefused } from '../intake/structure';
export type SourceType = 'image/jpeg' | 'image/png' | 'image/webp' | 'image/avif' | 'image/heic';

export { MAX_INPUT_PIXELS };

/** Marks that this process's libvips has only the accepted loaders (see below). */
const LOADERS_SET = 'RESURFACE_SHARP_LOADERS_SET';

/** The file's content cannot be decoded; the message is safe to show the uploader. */
export class DecodeError extends Error {
	override name = 'DecodeError';
}

export interface Decoded {
	data: Buffer;
	info: { width: number; height: number; channels: 3 | 4 };
	original: { width: number; height: number };
}

// Uploads are untrusted, so only the loaders for the formats we accept may parse them: SVG,
// TIFF, GIF, the vips/CSV/matrix formats and whatever a future libvips adds stay blocked.
// Raw pixel input and the encoders do not go through these loaders. Uhdr is JPEG with an HDR
// gain map (phones write it).
//
// libvips is one per process, shared by every thread, and the block below briefly covers JPEG
// too: a thread that loads this module again (the alignment worker) did so while this thread
// was decoding, and two demo photos failed as "unsupported image format" at the worker's start.
// So the loaders are set once per process. A worker inherits a copy of `process.env` made when
// it is started, so the mark reaches the threads started after it and no others.
if (!process.env[LOADERS_SET]) {
	sharp.block({ operation: ['VipsForeignLoad'] });
	sharp.unblock({
		operation: [
			'VipsForeignLoadJpeg',
			'VipsForeignLoadUhdr',
			'VipsForeignLoadPng',
			'VipsForeignLoadWebp',
			'VipsForeignLoadHeif'
		]
	});
	process.env[LOADERS_SET] = '1';
}
// Every upload is a new image: libvips' operation cache would only hold memory, never hit.
sharp.cache(false);

const CORRUPT = 'The image data is corrupt or incomplete.';
const TOO_LARGE = `The image has more than ${MAX_INPUT_PIXELS / 1e6} megapixels.`;

/**
 * How a decode is bounded: `width` keeps the picture at most `max` wide (what face detection
 * and the gallery's renders size by); `inside` keeps both sides within `max`, so a portrait
 * is no larger than a landscape of the same photo.
 */
export type DecodeFit = 'width' | 'inside';

const bound = (max: number, fit: DecodeFit): ResizeOptions =>
	fit === 'inside'
		? { width: max, height: max, fit: 'inside', withoutEnlargement: true }
		: { width: max, withoutEnlargement: true };

/**
 * Decodes once, upright, sRGB, 8-bit, at most `max` wide (or, with `inside`, on its long side;
 * never enlarged). JPEG and WebP shrink on load because the resize is part of the decoding
 * pipeline.
 */
export async function decodeOriented(
	path: string,
	type: SourceType,
	max: number,
	fit: DecodeFit = 'width'
): Promise<Decoded> {
	// A missing or unreadable file is the store's fault, not the image's: it must surface as
	// itself, because a DecodeError is final and the job would never be retried.
	await access(path);
	try {
		// Files stored before the structure checks existed get them too.
		await checkStructure(path, type);
		return type === 'image/heic'
			? await decodeHeic(path, bound(max, fit))
			: await decodeWithSharp(path, bound(max, fit));
	} catch (error) {
		if (error instanceof DecodeError) {
			throw error;
		}
		if (error instanceof StructureRefused) {
			throw new DecodeError(error.message, { cause: error });
		}
		const tooLarge = error instanceof Error && /pixel limit/i.test(error.message);
		throw new DecodeError(tooLarge ? TOO_LARGE : CORRUPT, { cause: error });
	}
}

async function decodeWithSharp(path: string, size: ResizeOptions): Promise<Decoded> {
	const { image, meta } = await openUprightSrgb(path);
	image.resize(size);
	const { data, info } = await image.raw({ depth: 'uchar' }).toBuffer({ resolveWithObject: true });
	return { data, info: pixelInfo(info), original: meta.autoOrient };
}

/**
 * A sharp-decodable original (not HEIC) opened with the limits every untrusted file gets, set to
 * come out upright and in sRGB; the caller adds the output. Errors are sharp's own.
 */
export async function openUprightSrgb(path: string): Promise<{ image: Sharp; meta: Metadata }> {
	const image = sharp(path, {
		limitInputPixels: MAX_INPUT_PIXELS,
		failOn: 'truncated',
		pages: 1,
		sequentialRead: true
	});
	const meta = await image.metadata();
	image.autoOrient().toColourspace('srgb');
	// sharp converts a 16-bit image with an embedded profile to P3, and comes back to sRGB only
	// when asked for an output profile; without this its colours come out washed out.
	if (meta.space === 'rgb16' && meta.hasProfile) {
		image.withIccProfile('srgb');
	}
	return { image, meta };
}

/**
 * libheif (WASM) applies the HEIF irot/imir transforms itself, and HEIF readers must ignore
 * the EXIF Orientation tag, so nothing is rotated here.
 */
async function decodeHeic(path: string, size: ResizeOptions): Promise<Decoded> {
	// libvips parses the HEIF boxes even though it cannot decode HEVC: enough to refuse a
	// pixel bomb before libheif allocates it, and to learn the alpha and colour profile.
	const meta = await sharp(path).metadata();
	if (meta.width * meta.height > MAX_INPUT_PIXELS) {
		throw new DecodeError(TOO_LARGE);
	}
	const { data, info, original } = await heicToRaw(path, size, meta.hasAlpha);
	if (isDisplayP3(meta.icc)) {
		await displayP3ToSrgbInSlices(data, info.channels);
	}
	return { data, info, original };
}

// Kept apart so the full-size picture (25 MB of RGB for the iPhone fixture) is unreachable as
// soon as the reduced copy exists.
async function heicToRaw(path: string, size: ResizeOptions, hasAlpha: boolean): Promise<Decoded> {
	const bytes = await readFile(path);
	if (!(await isWholeHeif(bytes))) {
		throw new DecodeError(CORRUPT);
	}
	const grid = hasAlpha ? null : heicGrid(bytes);
	let image: Sharp;
	let original: Decoded['original'];
	if (grid) {
		// A phone's tiled photo: its tiles decoded on two threads at once, joined as RGB.
		const { width, height, quarterTurns } = grid;
		const rgb = await decodeHeicGridOffThread(bytes, grid);
		image = sharp(rgb, { raw: { width, height, channels: 3 } });
		if (quarterTurns) {
			// irot turns anticlockwise, sharp clockwise; sharp sizes the resize after the turn
			image.rotate(360 - 90 * quarterTurns);
		}
		original = quarterTurns % 2 ? { width: height, height: width } : { width, height };
	} else {
		const full = await decodeHeicOffThread(bytes);
		const { width, height } = full;
		image = sharp(full.data, { raw: { width, height, channels: 4 } });
		if (!hasAlpha) {
			image.removeAlpha();
		}
		original = { width, height };
	}
	image.resize(size);
	const { data, info } = await image.raw().toBuffer({ resolveWithObject: true });
	return { data, info: pixelInfo(info), original };
}

function pixelInfo(info: OutputInfo): Decoded['info'] {
	if (info.channels !== 3 && info.channels !== 4) {
		throw new DecodeError(CORRUPT);
	}
	return { width: info.width, height: info.height, channels: info.channels };
}

// iPhones tag HEIC with Apple's "Display P3" profile and libheif hands back its numbers as they
// are: read as sRGB they look washed out (skin redness included), so they are converted.
function isDisplayP3(icc: Buffer | undefined): boolean {
	const name = 'Display P3';
	return (
		!!icc &&
		(icc.includes(name, 0, 'latin1') || icc.includes(Buffer.from(name, 'utf16le').swap16()))
	);
}

// P3 shares sRGB's transfer curve and white point; only the primaries differ, so conversion is
// one matrix in linear light (colours outside sRGB clip). It runs on the event loop, so it is
// integer work on tables: linear light in 16 bits, the matrix in 14-bit fixed point, and a
// 65,536-entry table back to sRGB: about 10 ns a pixel, where floating point with rounding and
// clamping took 38 (180 ms of a stalled server for one iPhone photo at 1920 wide). It also
// runs in slices, so no request waits for a whole photo's worth.
const P3_TO_SRGB = [
	1.2249401, -0.2249404, 0, -0.0420569, 1.0420571, 0, -0.0196376, -0.0786361, 1.0982735
].map((c) => Math.round(c * (1 << 14)));
const LINEAR_MAX = 65535;
const toLinear = (c: number) => (c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4);
const fromLinear = (l: number) => (l <= 0.0031308 ? l * 12.92 : 1.055 * l ** (1 / 2.4) - 0.055);
const decodeTable = Int32Array.from({ length: 256 }, (_, v) =>
	Math.round(LINEAR_MAX * toLinear(v / 255))
);
const encodeTable = Uint8Array.from({ length: LINEAR_MAX + 1 }, (_, i) =>
	Math.round(255 * fromLinear(i / LINEAR_MAX))
);
const encode = (l: number) => encodeTable[l < 0 ? 0 : l > LINEAR_MAX ? LINEAR_MAX : l];

/** Display P3 numbers, 8-bit, to sRGB in place, pixels `from` to `to` (exported for its spec). */
export function displayP3ToSrgb(
	data: Uint8Array,
	channels: number,
	from = 0,
	to = data.length / channels
): void {
	const [m0, m1, m2, m3, m4, m5, m6, m7, m8] = P3_TO_SRGB;
	const half = 1 << 13;
	for (let i = from * channels; i < to * channels; i += channels) {
		const r = decodeTable[data[i]];
		const g = decodeTable[data[i + 1]];
		const b = decodeTable[data[i + 2]];
		data[i] = encode((m0 * r + m1 * g + m2 * b + half) >> 14);
		data[i + 1] = encode((m3 * r + m4 * g + m5 * b + half) >> 14);
		data[i + 2] = encode((m6 * r + m7 * g + m8 * b + half) >> 14);
	}
}

/** A slice is a few milliseconds of work: the server answers in between. */
const SLICE_PIXELS = 1 << 18;

async function displayP3ToSrgbInSlices(data: Uint8Array, channels: number): Promise<void> {
	const pixels = data.length / channels;
	for (let from = 0; from < pixels; from += SLICE_PIXELS) {
		displayP3ToSrgb(data, channels, from, Math.min(pixels, from + SLICE_PIXELS));
		await new Promise((resolve) => setImmediate(resolve));
	}
}
