import sharp, { type OverlayOptions } from 'sharp';
import { decodeOriented, type Decoded, type SourceType } from '../photos/pipeline/decode';
import { encodeVariant, thumbhash, variantWidths, type Encoding } from '../photos/pipeline/derive';
import {
	sameShape,
	toPixels,
	type ImageRedaction,
	type Mask,
	type Rect
} from '../../domain/redaction';
import type { Similarity } from '../photos/align/similarity';
import { warpInto } from './warp';
import { watermarkLayer, type WatermarkMark } from '../images/watermark';
import type { WatermarkSettings } from '../../domain/watermark';

/** Public sizes: a phone grid card needs ~320–640, the case page up to 1280 on a desktop. */
export const PUBLIC_WIDTHS = [320, 480, 640, 960, 1280] as const;
export const OG_SIZE = { width: 1200, height: 630 } as const;
/** Enough resolution for a tight crop of a 12 MP photo to still fill 1280 pixels. */
const DECODE_WIDTH = 4096;

// Published images are made once and fetched by every prospect: AVIF effort 4 takes longer
// than the private pipeline's effort 1 but gives files 20–40 % smaller, which is what the
// gallery's 300 KB phone budget needs. That is why it is done in a job after publish answers.
const PUBLIC_ENCODING: Encoding = {
	avif: { quality: 50, effort: 4, chromaSubsampling: '4:2:0' },
	webp: { quality: 75, effort: 4 }
};

/**
 * What publishing makes of a case: the before, the after as shown (aligned to the before when
 * it could be) and, for an aligned pair, the after as taken.
 */
export const RENDITIONS = ['before', 'after', 'asTaken'] as const;
export type Rendition = (typeof RENDITIONS)[number];
/** WebP at publish (it encodes several times faster); AVIF follows in a job (avif-job.ts). */
export type PublicFormat = 'avif' | 'webp';

export interface RenderedImage {
	which: Rendition | 'og';
	width: number;
	height: number;
	format: 'avif' | 'webp' | 'jpeg';
	data: Buffer;
	placeholder: string | null;
}

export class RedactionError extends Error {
	override name = 'RedactionError';
}

export interface Source {
	path: string;
	type: SourceType;
	redaction: ImageRedaction;
}

type Pixels = Pick<Decoded, 'data' | 'info'>;

/**
 * Masks painted on the upright photo, then the crop: bare pixels, so no metadata of the
 * original survives. A blur is strong enough that a face cannot be recognised from it.
 */
export async function redactedPixels(source: Source): Promise<Pixels> {
	const masked = await maskedUpright(source);
	return cropped(masked.pixels, source.redaction.crop);
}

/** The whole upright photo with its masks painted on, and the original's upright size. */
async function maskedUpright(source: Source) {
	const decoded = await decodeOriented(source.path, source.type, DECODE_WIDTH);
	const overlays: OverlayOptions[] = [];
	for (const mask of source.redaction.masks) {
		overlays.push(await maskOverlay(decoded, mask));
	}
	let pixels: Pixels = decoded;
	if (overlays.length) {
		// compositing a PNG adds an alpha channel; an opaque photo does not need one
		const composited = await sharp(decoded.data, { raw: decoded.info })
			.composite(overlays)
			.raw()
			.toBuffer({ resolveWithObject: true });
		const { data, info } = await sharp(composited.data, { raw: composited.info })
			.removeAlpha()
			.raw()
			.toBuffer({ resolveWithObject: true });
		pixels = { data, info: { width: info.width, height: info.height, channels: 3 } };
	}
	return { pixels, original: decoded.original };
}

async function cropped(pixels: Pixels, crop: Rect | null): Promise<Pixels> {
	if (!crop) {
		return pixels;
	}
	const area = toPixels(crop, pixels.info.width, pixels.info.height);
	const { data, info } = await sharp(pixels.data, { raw: pixels.info })
		.extract(area)
		.raw()
		.toBuffer({ resolveWithObject: true });
	return { data, info: { width: info.width, height: info.height, channels: pixels.info.channels } };
}

async function maskOverlay(decoded: Decoded, mask: Mask): Promise<OverlayOptions> {
	const area = toPixels(mask, decoded.info.width, decoded.info.height);
	if (mask.kind === 'bar') {
		const bar = await sharp({
			create: { width: area.width, height: area.height, channels: 3, background: '#111' }
		})
			.png()
			.toBuffer();
		return { input: bar, left: area.left, top: area.top };
	}
	// Shrinking to a few pixels first throws the detail away for good; the blur then only
	// smooths the blocks. A plain Gaussian blur can be partly undone.
	const small = Math.max(2, Math.round(Math.min(area.width, area.height) / 24));
	const blurred = await sharp(decoded.data, { raw: decoded.info })
		.extract(area)
		.resize(small, small, { fit: 'fill' })
		.raw()
		.toBuffer({ resolveWithObject: true });
	const input = await sharp(blurred.data, { raw: blurred.info })
		.resize(area.width, area.height, { fit: 'fill', kernel: 'cubic' })
		.blur(Math.max(2, Math.min(area.width, area.height) / 20))
		.png()
		.toBuffer();
	return { input, left: area.left, top: area.top };
}

/**
 * The case's images before encoding: the before, the after as shown and, when the pair is
 * aligned, the after as taken, all at one common size (the compare slider lays one over the
 * other).
 *
 * Aligned (`align` maps the after's upright full-size pixels to the before's): the after's
 * masks are painted on it in its own fractions, it is moved into the before's pixel grid and
 * cut with the BEFORE's crop, so both share one frame. The as-taken after keeps its own crop,
 * as an unaligned pair is shown.
 */
export async function framedCase(
	before: Source,
	after: Source,
	align: Similarity | null
): Promise<Partial<Record<Rendition, Pixels>> & Record<'before' | 'after', Pixels>> {
	const b = await maskedUpright(before);
	const a = await maskedUpright(after);
	const framedB = await cropped(b.pixels, before.redaction.crop);
	const asTaken = await cropped(a.pixels, after.redaction.crop);
	const aspectB = framedB.info.width / framedB.info.height;
	if (!sameShape(aspectB, asTaken.info.width / asTaken.info.height)) {
		throw new RedactionError(
			'The before and after crops have different shapes; use the same aspect ratio for both.'
		);
	}
	let shown = asTaken;
	if (align) {
		// the transform is in full-size pixels; both photos were decoded at most DECODE_WIDTH wide
		const kA = a.pixels.info.width / a.original.width;
		const kB = b.pixels.info.width / b.original.width;
		const t: Similarity = {
			scale: (align.scale * kB) / kA,
			rotationDeg: align.rotationDeg,
			dx: align.dx * kB,
			dy: align.dy * kB
		};
		const warped = await warpInto(a.pixels, t, b.pixels.info.width, b.pixels.info.height);
		shown = await cropped(warped, before.redaction.crop);
	}
	// the smallest decides, so none is enlarged
	const width = Math.min(
		framedB.info.width,
		asTaken.info.width,
		shown.info.width,
		Math.max(...PUBLIC_WIDTHS)
	);
	const frame = { width, height: Math.round(width / aspectB) };
	const fit = async (pixels: Pixels): Promise<Pixels> => {
		const { data, info } = await sharp(pixels.data, { raw: pixels.info })
			.resize(frame.width, frame.height, { fit: 'cover' })
			.raw()
			.toBuffer({ resolveWithObject: true });
		return {
			data,
			info: { width: info.width, height: info.height, channels: pixels.info.channels }
		};
	};
	return {
		before: await fit(framedB),
		after: await fit(shown),
		...(align ? { asTaken: await fit(asTaken) } : {})
	};
}

export interface RenderOptions {
	/** the after → before similarity in full-size pixels (alignment.ts), or null: as taken */
	align: Similarity | null;
	formats: readonly PublicFormat[];
	/** the Open Graph card too (publish makes it; the AVIF job does not) */
	og: boolean;
	/** the clinic's watermark (gallery/stamp.ts stampInput), drawn on every image; null: none */
	watermark?: { settings: WatermarkSettings; mark: WatermarkMark } | null;
}

/**
 * Every framed image in every public width and the asked formats, with their placeholders,
 * plus (optionally) the Open Graph card.
 */
export async function renderCaseImages(
	before: Source,
	after: Source,
	options: RenderOptions
): Promise<RenderedImage[]> {
	const framed = await framedCase(before, after, options.align);
	const stamp = options.watermark ?? null;
	const out: RenderedImage[] = [];
	for (const which of RENDITIONS) {
		const unmarked = framed[which];
		if (!unmarked) {
			continue;
		}
		// drawn once on the frame, so every width shows the same mark at the same place
		const pixels = stamp ? await watermarked(unmarked, stamp) : unmarked;
		const placeholder = await thumbhash(pixels);
		for (const w of variantWidths(pixels.info.width, PUBLIC_WIDTHS)) {
			for (const format of options.formats) {
				const v = await encodeVariant(pixels, format, w, PUBLIC_ENCODING);
				out.push({ which, ...v, placeholder });
			}
		}
	}
	if (options.og) {
		out.push(await ogCard(framed.before, framed.after, stamp));
	}
	return out;
}

/** The framed pixels with the clinic's mark drawn over them (also the settings page's preview). */
export async function watermarked(
	pixels: Pixels,
	stamp: NonNullable<RenderOptions['watermark']>
): Promise<Pixels> {
	const { width, height } = pixels.info;
	const layer = await watermarkLayer(stamp.settings, stamp.mark, width, height);
	if (!layer) {
		return pixels;
	}
	// the layer has an alpha channel; the photo stays opaque
	const { data, info } = await sharp(pixels.data, { raw: pixels.info })
		.composite([layer])
		.removeAlpha()
		.raw()
		.toBuffer({ resolveWithObject: true });
	return { data, info: { width: info.width, height: info.height, channels: 3 } };
}

/** Before | after side by side, 1200×630 JPEG: what link previews show; one mark on the whole. */
async function ogCard(
	before: Pixels,
	after: Pixels,
	stamp: RenderOptions['watermark'] | null
): Promise<RenderedImage> {
	const half = { width: OG_SIZE.width / 2, height: OG_SIZE.height };
	const halves = await Promise.all(
		[before, after].map((p) =>
			sharp(p.data, { raw: p.info })
				.resize(half.width, half.height, { fit: 'cover' })
				.png()
				.toBuffer()
		)
	);
	const mark = stamp
		? await watermarkLayer(stamp.settings, stamp.mark, OG_SIZE.width, OG_SIZE.height)
		: null;
	const data = await sharp({
		create: { ...OG_SIZE, channels: 3, background: '#ffffff' }
	})
		.composite([
			{ input: halves[0], left: 0, top: 0 },
			{ input: halves[1], left: half.width, top: 0 },
			...(mark ? [mark] : [])
		])
		.jpeg({ quality: 80, mozjpeg: true })
		.toBuffer();
	return { which: 'og', ...OG_SIZE, format: 'jpeg', data, placeholder: null };
}
