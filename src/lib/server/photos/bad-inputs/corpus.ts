import { readFile } from 'node:fs/promises';
import path from 'node:path';
import sharp, { type Sharp } from 'sharp';
import type { SourceType } from '../decode';

// What every part of the corpus shares: the case shape, the expected messages and the
// well-formed images that the hostile files are made from.

export interface Refused {
	/** 400 when the whole request is refused before any file is looked at */
	status: 400 | 413 | 415 | 422;
	message: RegExp;
}

export interface Accepted {
	accepted: true;
	/** the type sniffed from the bytes, whatever the name and the client's MIME say */
	type: SourceType;
	/** upright size of the stored photo */
	width: number;
	height: number;
	/** byte strings of the upload that no derived image may contain */
	mustNotLeak?: string[];
}

export interface BadInput {
	name: string;
	what: string;
	fileName: string;
	/** the Content-Type the client claims for the part */
	mime: string;
	/**
	 * Send the file name as these bytes, unescaped. Otherwise it goes as a browser sends it:
	 * UTF-8, with CR, LF and double quotes percent-encoded (the HTML standard's rule).
	 */
	rawName?: boolean;
	/** the file name the server should report, when not the one sent (busboy keeps the last path segment) */
	echo?: string;
	bytes(): Promise<Buffer>;
	expected: Refused | Accepted;
}

/** A case as written: photo.jpg sent as image/jpeg unless it says otherwise. */
export type Case = Omit<BadInput, 'mime' | 'fileName'> &
	Partial<Pick<BadInput, 'mime' | 'fileName'>>;

export const isAccepted = (e: Refused | Accepted): e is Accepted => 'accepted' in e;

export const NOT_A_PHOTO =
	/^This is not a photo format we accept\. Upload JPEG, PNG, WebP, AVIF or HEIC\/HEIF\.$/;
export const TOO_NARROW = /clinical photos need at least 200 pixels on each side\.$/;
export const UNREADABLE = /^The file is not a readable image \(it may be corrupt\)\.$/;
export const CORRUPT = /^The image data is corrupt or incomplete\.$/;
export const ANIMATED = /^Animated or multi-page images are not accepted; upload a photo\.$/;
export const tooManyPixels = (width: number, height: number, mp: string) =>
	new RegExp(
		`^The image is ${width}×${height} pixels \\(${mp} megapixels\\); the limit is 60 megapixels\\.$`
	);

function once<T>(make: () => Promise<T>): () => Promise<T> {
	let made: Promise<T> | undefined;
	return () => (made ??= make());
}

/** A photo-like picture: a skin tone with sensor noise, so the encoders do real work. */
export function scene(width: number, height: number): Sharp {
	return sharp({
		create: {
			width,
			height,
			channels: 3,
			background: { r: 214, g: 160, b: 140 },
			noise: { type: 'gaussian', mean: 150, sigma: 30 }
		}
	});
}

/** Plain 300×300 frames, as PNG, for animations. */
export const frames = (n: number): Promise<Buffer[]> =>
	Promise.all(
		Array.from({ length: n }, (_, i) =>
			sharp({
				create: { width: 300, height: 300, channels: 3, background: { r: 60 * i, g: 90, b: 200 } }
			})
				.png()
				.toBuffer()
		)
	);

/** The size of every well-formed base image below. */
export const W = 480;
export const H = 360;

export const base = {
	jpeg: once(() => scene(W, H).jpeg({ quality: 85 }).toBuffer()),
	png: once(() => scene(W, H).png().toBuffer()),
	webp: once(() => scene(W, H).webp().toBuffer()),
	avif: once(() => scene(W, H).avif({ effort: 0 }).toBuffer()),
	greyJpeg: once(() => scene(W, H).toColourspace('b-w').jpeg().toBuffer()),
	/** No encoder here writes HEVC, so the HEIC cases start from a real iPhone photo. */
	heic: once(() => readFile(path.resolve('../shared/fixtures/photos/heic/iphone-IMG_5195.heic'))),
	/** Real camera photos, for the cases that need a photo's own structure. */
	phone: once(() => readFile(path.resolve('../shared/fixtures/photos/exif/phone-jolla.jpg'))),
	portrait: once(() => readFile(path.resolve('../shared/fixtures/photos/faces/portrait-biden.jpg')))
};

export const half = (buf: Buffer) => buf.subarray(0, Math.floor(buf.length / 2));

export const good = (type: SourceType, mustNotLeak?: string[]): Accepted => ({
	accepted: true,
	type,
	width: W,
	height: H,
	mustNotLeak
});
