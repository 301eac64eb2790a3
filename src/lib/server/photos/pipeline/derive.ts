import sharp, { type AvifOptions, type WebpOptions } from 'sharp';
import { rgbaToThumbHash } from 'thumbhash';
import { decodeOriented, type Decoded, type SourceType } from './decode';

export const VARIANT_WIDTHS = [320, 960, 1920] as const;
export const VARIANT_FORMATS = ['avif', 'webp'] as const;
export type VariantFormat = (typeof VARIANT_FORMATS)[number];

export interface Variant {
	width: number;
	height: number;
	format: VariantFormat;
	data: Buffer;
}

export interface Derived {
	/** Upright size of the original. */
	width: number;
	height: number;
	/** Thumbhash, base64. */
	placeholder: string;
	variants: Variant[];
}

// Measured on 2 cores with a 12 MP JPEG and the iPhone HEIC: AVIF effort 4 took 5–7× as long
// as effort 2 for files 20–40% smaller. Effort 1 against 2 (3 Dec, five photos at 1200–1920 px:
// the HEIC, two camera JPEGs, a portrait, a demo face): the same size within 7 % and PSNR within
// 0.8 dB, in a third to a half of the time (the HEIC's largest: 373 against 1173 ms). 4:2:0
// chroma, which phone cameras record anyway, saves a further 15–35%. WebP effort 4 is its
// default and cheaper than the AVIF encode.
export interface Encoding {
	avif: AvifOptions;
	webp: WebpOptions;
}
const PRIVATE_ENCODING: Encoding = {
	avif: { quality: 50, effort: 1, chromaSubsampling: '4:2:0' },
	webp: { quality: 78, effort: 4 }
};

/**
 * thumbhash accepts at most 100×100 pixels, but it keeps only a few low-frequency terms, and its
 * cost grows with the pixels, on the event loop: 28 ms cold and 2 ms warm at 100 px against
 * 0.3 ms warm at 64 px, for a hash that differs in two characters (the iPhone HEIC, 3 Dec).
 */
const THUMBHASH_MAX = 64;

/**
 * The largest variant fits a 1920 px square: a portrait is 1440 × 1920, not 1920 × 2560. That is
 * still more than a desktop viewer shows it at (a 900 px-tall window at 2× device pixels), full
 * size is `full.jpg`, and a phone's portrait no longer costs 1.7× the encoding of the same
 * photo taken in landscape (the iPhone HEIC's set: 1909 → ms, see the pipeline bench).
 */
export async function deriveFromFile(path: string, type: SourceType): Promise<Derived> {
	const largest = Math.max(...VARIANT_WIDTHS);
	return deriveFromDecoded(await decodeOriented(path, type, largest, 'inside'));
}

/**
 * Fans one decoded buffer out to every size, format and the placeholder at once. The outputs
 * are made from bare pixels, so no metadata of the original can reach them.
 */
export async function deriveFromDecoded(decoded: Decoded): Promise<Derived> {
	// Largest first: the big AVIF encode is the long pole, so it must not wait for a thread.
	const widths = variantWidths(decoded.info.width).reverse();
	const encodes = widths.flatMap((width) =>
		VARIANT_FORMATS.map((format) => encodeVariant(decoded, format, width))
	);
	const [placeholder, variants] = await Promise.all([thumbhash(decoded), Promise.all(encodes)]);
	return { ...decoded.original, placeholder, variants };
}

/**
 * Every standard width smaller than the image, plus the image's own width (capped at the
 * largest): a 640-pixel photo is kept at 640, not only at 320.
 */
export function variantWidths(
	decodedWidth: number,
	standard: readonly number[] = VARIANT_WIDTHS
): number[] {
	const largest = Math.min(decodedWidth, Math.max(...standard));
	return [...standard.filter((w) => w < largest), largest];
}

/**
 * One derivative from bare pixels, resized in the same pipeline when `width` is smaller. The
 * benchmark times it alone, at the pixels' own size, as the lower bound of the fan-out.
 */
export async function encodeVariant(
	pixels: Pick<Decoded, 'data' | 'info'>,
	format: VariantFormat,
	width = pixels.info.width,
	encoding: Encoding = PRIVATE_ENCODING
): Promise<Variant> {
	const image = sharp(pixels.data, { raw: pixels.info });
	if (width < pixels.info.width) {
		image.resize({ width });
	}
	const output = format === 'avif' ? image.avif(encoding.avif) : image.webp(encoding.webp);
	const { data, info } = await output.toBuffer({ resolveWithObject: true });
	return { width: info.width, height: info.height, format, data };
}

export async function thumbhash(decoded: Pick<Decoded, 'data' | 'info'>): Promise<string> {
	const { data, info } = await sharp(decoded.data, { raw: decoded.info })
		.resize(THUMBHASH_MAX, THUMBHASH_MAX, { fit: 'inside', withoutEnlargement: true })
		.ensureAlpha()
		.raw()
		.toBuffer({ resolveWithObject: true });
	return Buffer.from(rgbaToThumbHash(info.width, info.height, data)).toString('base64');
}
