// The clinic's watermark as one transparent layer the size of the image, for sharp's
// composite(): public gallery images at publish time and social exports. Private photos never
// pass through here.
import sharp, { type OverlayOptions } from 'sharp';
import type { WatermarkSettings } from '../../domain/watermark';
import type { PathCommand } from 'opentype.js';
import { textOutline } from './text-path';
import { contoursOf, fillMask, grow } from './fill-path';

export interface WatermarkMark {
	/** the clinic's display name */
	name: string;
	/** the logo file's bytes (any format sharp reads), or null */
	logo: Buffer | null;
}

/** The mark's height against the image's shorter side, and the margin from its edges. */
const TEXT_HEIGHT = 0.045;
const LOGO_WIDTH = 0.22;
const MARGIN = 0.03;

/**
 * A layer to composite over a `width` × `height` image, or null when the watermark is off.
 * The name is white with a dark halo so it reads on every skin tone and on white. Raw pixels,
 * placed where the mark goes: the process blocks sharp's SVG loader (fill-path.ts).
 */
export async function watermarkLayer(
	wm: WatermarkSettings,
	mark: WatermarkMark,
	width: number,
	height: number
): Promise<OverlayOptions | null> {
	if (!wm.enabled) {
		return null;
	}
	const short = Math.min(width, height);
	const margin = Math.round(short * MARGIN);
	const body =
		wm.mark === 'logo' && mark.logo
			? await logoBody(mark.logo, width, short)
			: nameBody(mark.name, short, width - 2 * margin);
	// the body is never larger than the image (a long name shrinks, the logo is a share of it)
	const w = Math.min(body.width, width);
	const h = Math.min(body.height, height);
	const pixels = faded(body.data, wm.opacity);
	const cut =
		w === body.width && h === body.height
			? pixels
			: await sharp(pixels, { raw: { width: body.width, height: body.height, channels: 4 } })
					.extract({ left: 0, top: 0, width: w, height: h })
					.raw()
					.toBuffer();
	return {
		input: cut,
		raw: { width: w, height: h, channels: 4 },
		left: place(wm.position, 'x', width, w, margin),
		top: place(wm.position, 'y', height, h, margin)
	};
}

/** Straight (not premultiplied) RGBA, as sharp's raw input takes it. */
interface Body {
	data: Buffer;
	width: number;
	height: number;
}

function faded(rgba: Buffer, opacity: number): Buffer {
	const out = Buffer.from(rgba);
	for (let i = 3; i < out.length; i += 4) {
		out[i] = Math.round(out[i] * opacity);
	}
	return out;
}

/** The dark halo's strength under the white letters. */
const HALO_ALPHA = 0.45;

function nameBody(name: string, short: number, room: number): Body {
	let size = Math.max(12, Math.round(short * TEXT_HEIGHT));
	let t = textOutline(name, { size, weight: 600, y: size });
	if (t.width > room) {
		// a long name on a narrow image: smaller rather than cut
		size = Math.max(8, Math.floor((size * room) / t.width));
		t = textOutline(name, { size, weight: 600, y: size });
	}
	const halo = Math.max(1, Math.round(size / 16));
	// room for the halo on every side
	const pad = halo + 1;
	const width = Math.max(1, Math.ceil(t.width) + 2 * pad);
	const height = Math.ceil(size * 1.25) + 2 * pad;
	const shifted = t.commands.map((c) => shift(c, pad));
	const fill = fillMask(contoursOf(shifted), width, height);
	const ring = grow(fill, width, height, halo);
	const data = Buffer.alloc(width * height * 4);
	for (let i = 0; i < fill.length; i++) {
		// white letters over their dark halo, composed here into one straight-alpha pixel
		const f = fill[i] / 255;
		const hl = (ring[i] / 255) * HALO_ALPHA * (1 - f);
		const a = f + hl;
		const v = a > 0 ? Math.round((255 * f) / a) : 0;
		data[i * 4] = data[i * 4 + 1] = data[i * 4 + 2] = v;
		data[i * 4 + 3] = Math.round(a * 255);
	}
	return { data, width, height };
}

function shift(c: PathCommand, d: number): PathCommand {
	switch (c.type) {
		case 'M':
		case 'L':
			return { ...c, x: c.x + d, y: c.y + d };
		case 'Q':
			return { ...c, x: c.x + d, y: c.y + d, x1: c.x1 + d, y1: c.y1 + d };
		case 'C':
			return {
				...c,
				x: c.x + d,
				y: c.y + d,
				x1: c.x1 + d,
				y1: c.y1 + d,
				x2: c.x2 + d,
				y2: c.y2 + d
			};
		default:
			return c;
	}
}

async function logoBody(logo: Buffer, width: number, short: number): Promise<Body> {
	const w = Math.max(24, Math.round(Math.min(width, short * 1.4) * LOGO_WIDTH));
	const { data, info } = await sharp(logo)
		.resize({ width: w, height: w, fit: 'inside' })
		.ensureAlpha()
		.raw()
		.toBuffer({ resolveWithObject: true });
	return { data, width: info.width, height: info.height };
}

function place(
	position: WatermarkSettings['position'],
	axis: 'x' | 'y',
	size: number,
	mark: number,
	margin: number
): number {
	if (position === 'center') {
		return Math.round((size - mark) / 2);
	}
	const far = axis === 'x' ? position.endsWith('right') : position.startsWith('bottom');
	return far ? size - mark - margin : margin;
}
