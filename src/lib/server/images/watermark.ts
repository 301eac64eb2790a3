// The clinic's watermark as one transparent layer the size of the image, for sharp's
// composite(): public gallery images at publish time and social exports. Private photos never
// pass through here.
import sharp, { type OverlayOptions } from 'sharp';
import type { WatermarkSettings } from '../../domain/watermark';
import { textOutline } from './text-path';

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
 * The name is white with a dark halo so it reads on every skin tone and on white.
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
	const x = place(wm.position, 'x', width, body.width, margin);
	const y = place(wm.position, 'y', height, body.height, margin);
	const svg =
		`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">` +
		`<g opacity="${wm.opacity.toFixed(2)}" transform="translate(${x} ${y})">${body.svg}</g></svg>`;
	return { input: await sharp(Buffer.from(svg)).png().toBuffer(), left: 0, top: 0 };
}

interface Body {
	svg: string;
	width: number;
	height: number;
}

function nameBody(name: string, short: number, room: number): Body {
	let size = Math.max(12, Math.round(short * TEXT_HEIGHT));
	let t = textOutline(name, { size, weight: 600, y: size });
	if (t.width > room) {
		// a long name on a narrow image: smaller rather than cut
		size = Math.max(8, Math.floor((size * room) / t.width));
		t = textOutline(name, { size, weight: 600, y: size });
	}
	const halo = Math.max(1, size / 10).toFixed(1);
	return {
		svg:
			`<path d="${t.d}" fill="none" stroke="#000" stroke-opacity="0.45" stroke-width="${halo}" stroke-linejoin="round"/>` +
			`<path d="${t.d}" fill="#fff"/>`,
		width: Math.ceil(t.width),
		height: Math.ceil(size * 1.25)
	};
}

async function logoBody(logo: Buffer, width: number, short: number): Promise<Body> {
	const w = Math.max(24, Math.round(Math.min(width, short * 1.4) * LOGO_WIDTH));
	const { data, info } = await sharp(logo)
		.resize({ width: w, height: w, fit: 'inside' })
		.png()
		.toBuffer({ resolveWithObject: true });
	return {
		svg: `<image width="${info.width}" height="${info.height}" href="data:image/png;base64,${data.toString('base64')}"/>`,
		width: info.width,
		height: info.height
	};
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
