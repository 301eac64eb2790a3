// One decode per original, shrunk to the working sizes the alignment needs; kept for a few
// photos because a course's baseline is aligned against again and again.
import { stat } from 'node:fs/promises';
import sharp from 'sharp';
import { decodeOriented } from '../pipeline/decode';
import type { Landmarks } from './landmarks';
import type { Grey } from './registration';
import type { Rgb } from './quality';
import type { ImageRef } from './types';

/** Face detection input: human's detector works at 256 px and the mesh at 192, so 640 is ample. */
const RGB_WIDTH = 640;
/** ORB and ECC work at this many pixels on the long side: enough for 0.5 % of the width. */
const GREY_SIZE = 512;
const KEEP = 4;

export interface Prepared {
	rgb: Rgb & { channels: 3 };
	grey: Grey;
	original: { width: number; height: number };
	/** full size ÷ working size */
	kRgb: number;
	kGrey: number;
	/** undefined until looked for */
	landmarks?: Landmarks | null;
}

const kept = new Map<string, Promise<Prepared>>();

export async function prepare(image: ImageRef): Promise<Prepared> {
	const s = await stat(image.path);
	const key = `${image.path}\0${s.size}\0${s.mtimeMs}`;
	let p = kept.get(key);
	if (!p) {
		p = decode(image);
		kept.set(key, p);
		p.catch(() => kept.delete(key));
		while (kept.size > KEEP) {
			kept.delete(kept.keys().next().value!);
		}
	}
	return p;
}

async function decode(image: ImageRef): Promise<Prepared> {
	const d = await decodeOriented(image.path, image.type, RGB_WIDTH);
	const raw = { raw: { width: d.info.width, height: d.info.height, channels: d.info.channels } };
	const rgbData =
		d.info.channels === 3 ? d.data : await sharp(d.data, raw).removeAlpha().raw().toBuffer();
	const grey = await sharp(d.data, raw)
		.resize(GREY_SIZE, GREY_SIZE, { fit: 'inside', withoutEnlargement: true })
		.greyscale()
		.raw()
		.toBuffer({ resolveWithObject: true });
	return {
		rgb: { data: rgbData, width: d.info.width, height: d.info.height, channels: 3 },
		grey: { data: grey.data, width: grey.info.width, height: grey.info.height },
		original: d.original,
		kRgb: d.original.width / d.info.width,
		kGrey: d.original.width / grey.info.width
	};
}
