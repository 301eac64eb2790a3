// The before/after collage staff post on social media, made from a case's PUBLIC images (already
// redacted and aligned at publish time), never from the private originals. Side by side for the
// feed sizes, stacked for a story; the labels and the clinic's name are drawn as font outlines
// (text-path.ts) so the server needs no fonts installed.
import sharp, { type OverlayOptions } from 'sharp';
import { capHeight, textOutline, type FontWeight } from '../images/text-path';
import { contoursOf, fillMask } from '../images/fill-path';
import { SOCIAL_DIMENSIONS, type SocialSize } from '../../domain/social-export';

export interface Box {
	left: number;
	top: number;
	width: number;
	height: number;
}

export interface CollageLayout {
	width: number;
	height: number;
	before: Box;
	after: Box;
	/** the height of the dark label over each photo */
	labelHeight: number;
	/**
	 * Where a photo's label sits: a band across its foot (the feed sizes, where a portrait box's
	 * foot is the neck), or a chip in its top corner (the story, whose wide boxes cut a face at
	 * the mouth and chin, which a band would cover).
	 */
	labelAt: 'foot' | 'corner';
	/** the clinic's name and the small print */
	footer: Box;
	/** a story's top strip, under Instagram's own bar: "Before & after" */
	header: Box | null;
}

const GAP = 4;
const BACKGROUND = '#141414';

/** Where everything goes at one size; exported so tests can look at the label bands' pixels. */
export function collageLayout(size: SocialSize): CollageLayout {
	const { width, height } = SOCIAL_DIMENSIONS[size];
	if (size === 'story') {
		// Instagram draws its own bar over a story's top; the photos start below it
		const header = { left: 0, top: 0, width, height: 170 };
		const photo = 773;
		const before = { left: 0, top: header.height, width, height: photo };
		const after = { left: 0, top: before.top + photo + GAP, width, height: photo };
		const footerTop = after.top + photo;
		return {
			width,
			height,
			before,
			after,
			labelHeight: 84,
			labelAt: 'corner',
			footer: { left: 0, top: footerTop, width, height: height - footerTop },
			header
		};
	}
	const footerHeight = size === 'portrait' ? 150 : 130;
	const photoHeight = height - footerHeight;
	const half = (width - GAP) / 2;
	return {
		width,
		height,
		before: { left: 0, top: 0, width: half, height: photoHeight },
		after: { left: half + GAP, top: 0, width: half, height: photoHeight },
		labelHeight: 88,
		labelAt: 'foot',
		footer: { left: 0, top: photoHeight, width, height: footerHeight },
		header: null
	};
}

export interface CollageInput {
	size: SocialSize;
	/** the public before and after images' bytes (any format sharp reads) */
	before: Buffer;
	after: Buffer;
	beforeLabel: string;
	afterLabel: string;
	clinicName: string;
	/** the clinic's watermark over the whole collage, or null when it is off */
	watermark: (width: number, height: number) => Promise<OverlayOptions | null>;
}

/** A JPEG (quality 88, sRGB, no metadata) of exactly the size's pixels. */
export async function renderSocialCollage(input: CollageInput): Promise<Buffer> {
	const l = collageLayout(input.size);
	// the mark belongs on the photos, clear of the labels and of the clinic's name
	const marked = markArea(l);
	const [before, after, mark] = await Promise.all([
		photoInBox(input.before, l.before),
		photoInBox(input.after, l.after),
		input.watermark(marked.width, marked.height)
	]);
	const overlays: OverlayOptions[] = [
		{ input: before, left: l.before.left, top: l.before.top },
		{ input: after, left: l.after.left, top: l.after.top },
		...textLayer(l, input)
	];
	if (mark) {
		overlays.push({ ...mark, left: marked.left, top: marked.top });
	}
	return sharp({
		create: { width: l.width, height: l.height, channels: 3, background: BACKGROUND }
	})
		.composite(overlays)
		.toColourspace('srgb')
		.jpeg({ quality: 88 })
		.toBuffer();
}

/** Where the watermark is placed: the photos, clear of the labels at their foot or top. */
export function markArea(l: CollageLayout): Box {
	if (l.labelAt === 'corner') {
		const top = l.before.top + CHIP_INSET + l.labelHeight;
		return { left: 0, top, width: l.width, height: l.after.top + l.after.height - top };
	}
	const top = l.before.top;
	const bottom = l.after.top + l.after.height - l.labelHeight;
	return { left: 0, top, width: l.width, height: bottom - top };
}

const CHIP_INSET = 28;
const LABEL_PADDING = 28;

/** The dark box a photo's label is drawn on (exported so tests can look at its pixels). */
export function labelBox(l: CollageLayout, photo: Box, label: string): Box {
	return labelPlacement(l, photo, label).box;
}

/** The label's box and its type size, measured once. */
function labelPlacement(l: CollageLayout, photo: Box, label: string): { box: Box; size: number } {
	const inset = l.labelAt === 'corner' ? CHIP_INSET : 0;
	const room = photo.width - 2 * (inset + LABEL_PADDING);
	const size = fitted(label, Math.round(l.labelHeight * 0.45), room);
	if (l.labelAt === 'foot') {
		const top = photo.top + photo.height - l.labelHeight;
		return { box: { left: photo.left, top, width: photo.width, height: l.labelHeight }, size };
	}
	const width = Math.ceil(textOutline(label, { size, weight: 600 }).width) + 2 * LABEL_PADDING;
	const box = { left: photo.left + inset, top: photo.top + inset, width, height: l.labelHeight };
	return { box, size };
}

/**
 * The photo cut to its box. Both photos are cut the same way and were aligned at publish, so
 * the pair still compares like for like. A portrait photo in a wide box (the story) keeps its
 * middle: in a face photo framed as clinics frame it, brows to chin, where the cheeks and the
 * mouth are; centring on the eyes cut the chin off.
 */
export async function photoInBox(bytes: Buffer, box: Box): Promise<Buffer> {
	const { width = box.width, height = box.height } = await sharp(bytes).metadata();
	const scale = Math.max(box.width / width, box.height / height);
	const w = Math.max(box.width, Math.round(width * scale));
	const h = Math.max(box.height, Math.round(height * scale));
	return sharp(bytes)
		.resize(w, h)
		.extract({
			left: Math.round((w - box.width) / 2),
			top: Math.round((h - box.height) / 2),
			width: box.width,
			height: box.height
		})
		.toColourspace('srgb')
		.toBuffer();
}

function textLayer(l: CollageLayout, input: CollageInput): OverlayOptions[] {
	const parts = [
		...labelOver(l, l.before, input.beforeLabel),
		...labelOver(l, l.after, input.afterLabel),
		...footerText(l.footer, input.clinicName)
	];
	if (l.header) {
		const size = 34;
		const baseline = l.header.top + l.header.height * 0.62 + capHeight(size, 600) / 2;
		parts.push(centred('BEFORE & AFTER', l.header, size, 600, GREY, baseline));
	}
	return parts;
}

type Rgb = [number, number, number];
const WHITE: Rgb = [255, 255, 255];
const GREY: Rgb = [200, 200, 200];
const SMALL_PRINT: Rgb = [184, 184, 184];

/** The label in white on a dark box over the photo: legible on any skin. */
function labelOver(l: CollageLayout, photo: Box, label: string): OverlayOptions[] {
	const { box, size } = labelPlacement(l, photo, label);
	const baseline = box.top + (box.height + capHeight(size, 600)) / 2;
	return [
		{
			input: {
				create: {
					width: box.width,
					height: box.height,
					channels: 4,
					background: { r: 0, g: 0, b: 0, alpha: 0.6 }
				}
			},
			left: box.left,
			top: box.top
		},
		text(label, size, 600, WHITE, box.left + LABEL_PADDING, baseline)
	];
}

function footerText(box: Box, name: string): OverlayOptions[] {
	const nameSize = fitted(name, Math.min(46, Math.round(box.height * 0.3)), box.width - 120);
	const small = Math.round(Math.min(46, Math.round(box.height * 0.3)) * 0.55);
	// the name and the small print as one block, centred in the footer
	const gap = Math.round(small * 0.9);
	const block = capHeight(nameSize, 600) + gap + capHeight(small);
	const nameBaseline = box.top + (box.height - block) / 2 + capHeight(nameSize, 600);
	return [
		centred(name, box, nameSize, 600, WHITE, nameBaseline),
		centred(
			'Individual results vary',
			box,
			small,
			400,
			SMALL_PRINT,
			nameBaseline + gap + capHeight(small)
		)
	];
}

/** One line centred across `box`, its baseline at `baseline`. */
function centred(
	line: string,
	box: Box,
	size: number,
	weight: FontWeight,
	colour: Rgb,
	baseline: number
): OverlayOptions {
	const width = textOutline(line, { size, weight }).width;
	return text(line, size, weight, colour, box.left + (box.width - width) / 2, baseline);
}

/**
 * One line of text as raw pixels for composite(): the process blocks sharp's SVG loader
 * (photos/pipeline/decode.ts), so the outlines are filled here (fill-path.ts).
 */
function text(
	line: string,
	size: number,
	weight: FontWeight,
	[r, g, b]: Rgb,
	x: number,
	baseline: number
): OverlayOptions {
	const left = Math.floor(x);
	const top = Math.floor(baseline - size * 1.05);
	const t = textOutline(line, { size, weight, x: x - left, y: baseline - top });
	const width = Math.ceil(t.width + (x - left)) + 2;
	const height = Math.ceil(size * 1.35);
	const mask = fillMask(contoursOf(t.commands), width, height);
	const pixels = Buffer.alloc(width * height * 4);
	for (let i = 0; i < mask.length; i++) {
		pixels[i * 4] = r;
		pixels[i * 4 + 1] = g;
		pixels[i * 4 + 2] = b;
		pixels[i * 4 + 3] = mask[i];
	}
	return { input: pixels, raw: { width, height, channels: 4 }, left, top };
}

/** A long clinic name or label gets smaller rather than cut off. */
function fitted(line: string, size: number, room: number, weight: FontWeight = 600): number {
	const w = textOutline(line, { size, weight }).width;
	return w > room ? Math.max(12, Math.floor((size * room) / w)) : size;
}
