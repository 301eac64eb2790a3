import sharp, { type OverlayOptions } from 'sharp';
import { decodeOriented, type Decoded, type SourceType } from '../photos/pipeline/decode';
import { encodeVariant, thumbhash, variantWidths, type Encoding } from '../photos/pipeline/derive';
import { sameShape, toPixels, type ImageRedaction, type Mask } from '../../domain/redaction';

/** Public sizes: a phone grid card needs ~320–640, the case page up to 1280 on a desktop. */
export const PUBLIC_WIDTHS = [320, 480, 640, 960, 1280] as const;
export const OG_SIZE = { width: 1200, height: 630 } as const;
/** Enough resolution for a tight crop of a 12 MP photo to still fill 1280 pixels. */
const DECODE_WIDTH = 4096;

// Published images are made once and fetched by every prospect: AVIF effort 4 takes longer
// than the private pipeline's effort 2 but gives files 20–40 % smaller, which is what the
// gallery's 300 KB phone budget needs.
const PUBLIC_ENCODING: Encoding = {
	avif: { quality: 50, effort: 4, chromaSubsampling: '4:2:0' },
	webp: { quality: 75, effort: 4 }
};

export interface RenderedImage {
	which: 'before' | 'after' | 'og';
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
	const decoded = await decodeOriented(source.path, source.type, DECODE_WIDTH);
	const { width, height } = decoded.info;
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
	if (!source.redaction.crop) {
		return pixels;
	}
	const area = toPixels(source.redaction.crop, width, height);
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
 * Both framed photos at one common size (the compare slider lays one over the other), in
 * every public width and format, with their placeholders, plus the Open Graph card.
 */
export async function renderCaseImages(before: Source, after: Source): Promise<RenderedImage[]> {
	const [b, a] = [await redactedPixels(before), await redactedPixels(after)];
	const aspectB = b.info.width / b.info.height;
	const aspectA = a.info.width / a.info.height;
	if (!sameShape(aspectB, aspectA)) {
		throw new RedactionError(
			'The before and after crops have different shapes; use the same aspect ratio for both.'
		);
	}
	// the smaller of the two decides, so neither is enlarged
	const width = Math.min(b.info.width, a.info.width, Math.max(...PUBLIC_WIDTHS));
	const frame = { width, height: Math.round(width / aspectB) };
	const out: RenderedImage[] = [];
	const framedBy: Partial<Record<'before' | 'after', Pixels>> = {};
	for (const [which, pixels] of [
		['before', b],
		['after', a]
	] as const) {
		const fitted = await sharp(pixels.data, { raw: pixels.info })
			.resize(frame.width, frame.height, { fit: 'cover' })
			.raw()
			.toBuffer({ resolveWithObject: true });
		const framed = { data: fitted.data, info: { ...fitted.info, channels: pixels.info.channels } };
		const placeholder = await thumbhash(framed);
		for (const w of variantWidths(frame.width, PUBLIC_WIDTHS)) {
			for (const format of ['avif', 'webp'] as const) {
				const v = await encodeVariant(framed, format, w, PUBLIC_ENCODING);
				out.push({ which, ...v, placeholder });
			}
		}
		framedBy[which] = framed;
	}
	out.push(await ogCard(framedBy.before!, framedBy.after!));
	return out;
}

/** Before | after side by side, 1200×630 JPEG: what link previews show. */
async function ogCard(before: Pixels, after: Pixels): Promise<RenderedImage> {
	const half = { width: OG_SIZE.width / 2, height: OG_SIZE.height };
	const halves = await Promise.all(
		[before, after].map((p) =>
			sharp(p.data, { raw: p.info })
				.resize(half.width, half.height, { fit: 'cover' })
				.png()
				.toBuffer()
		)
	);
	const data = await sharp({
		create: { ...OG_SIZE, channels: 3, background: '#ffffff' }
	})
		.composite([
			{ input: halves[0], left: 0, top: 0 },
			{ input: halves[1], left: half.width, top: 0 }
		])
		.jpeg({ quality: 80, mozjpeg: true })
		.toBuffer();
	return { which: 'og', ...OG_SIZE, format: 'jpeg', data, placeholder: null };
}
