import { crc32 } from 'node:zlib';
import sharp from 'sharp';

/**
 * The signature pad sends a 600 × 180 PNG. Measured in Chromium, a signature is about 16 KB;
 * only a pad covered with dozens of random strokes passes 150 KB (at most ~180 KB). The limits
 * leave room for a pad drawn at 3× pixel density and keep the form (≤ 200 KB of base64) far
 * below the 1 MB body limit of non-upload routes.
 */
export const MAX_SIGNATURE_BYTES = 150_000;
export const MAX_SIGNATURE_WIDTH = 2000;
export const MAX_SIGNATURE_HEIGHT = 1000;

const PNG_DATA_URL = 'data:image/png;base64,';
const PNG_MAGIC = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

export const UNREADABLE = 'The signature could not be read; sign again.';
export const TOO_LARGE = 'The signature is too large; clear it and sign again.';

export type SignatureCheck = { ok: true; png: Buffer } | { ok: false; message: string };

/**
 * A drawn signature as a data URL, checked whole: strict base64 of at most
 * MAX_SIGNATURE_BYTES, a PNG whose every chunk is intact and ends at IEND, of sane dimensions
 * (read before any pixel is inflated), that decodes to the last row.
 */
export async function checkSignatureDataUrl(value: string): Promise<SignatureCheck> {
	if (!value.startsWith(PNG_DATA_URL)) {
		return { ok: false, message: UNREADABLE };
	}
	const base64 = value.slice(PNG_DATA_URL.length);
	// measured before decoding, so a huge field costs nothing more than its length
	if (base64.length > Math.ceil(MAX_SIGNATURE_BYTES / 3) * 4) {
		return { ok: false, message: TOO_LARGE };
	}
	// Buffer.from skips characters that are not base64: refuse them instead of guessing
	if (!BASE64.test(base64)) {
		return { ok: false, message: UNREADABLE };
	}
	const png = Buffer.from(base64, 'base64');
	const structure = pngStructure(png);
	if (!structure.ok) {
		return structure;
	}
	try {
		// Decoding every row is what finds a damaged image stream; failOn 'warning' makes
		// libpng's complaints (bad CRC in an ancillary chunk, extra data) errors too.
		const { info } = await sharp(png, {
			failOn: 'warning',
			limitInputPixels: MAX_SIGNATURE_WIDTH * MAX_SIGNATURE_HEIGHT
		})
			.raw()
			.toBuffer({ resolveWithObject: true });
		if (info.width !== structure.width || info.height !== structure.height) {
			return { ok: false, message: UNREADABLE };
		}
	} catch {
		return { ok: false, message: UNREADABLE };
	}
	return { ok: true, png };
}

type Structure = { ok: true; width: number; height: number } | { ok: false; message: string };

/**
 * Walks the chunks: IHDR first, each length inside the file, each CRC right, IEND last with
 * nothing after it. sharp alone accepts a file cut just before IEND or with bytes after it.
 */
export function pngStructure(png: Buffer): Structure {
	const bad = { ok: false, message: UNREADABLE } as const;
	if (png.length < 8 + 25 + 12 || !png.subarray(0, 8).equals(PNG_MAGIC)) {
		return bad;
	}
	let width = 0;
	let height = 0;
	let at = 8;
	let index = 0;
	while (at + 12 <= png.length) {
		const length = png.readUInt32BE(at);
		const end = at + 12 + length;
		if (end > png.length) {
			return bad;
		}
		const type = png.toString('latin1', at + 4, at + 8);
		if (crc32(png.subarray(at + 4, at + 8 + length)) !== png.readUInt32BE(at + 8 + length)) {
			return bad;
		}
		if (index === 0) {
			if (type !== 'IHDR' || length !== 13) {
				return bad;
			}
			width = png.readUInt32BE(at + 8);
			height = png.readUInt32BE(at + 12);
			if (width === 0 || height === 0) {
				return bad;
			}
			if (width > MAX_SIGNATURE_WIDTH || height > MAX_SIGNATURE_HEIGHT) {
				return { ok: false, message: TOO_LARGE };
			}
		}
		if (type === 'IEND') {
			return end === png.length ? { ok: true, width, height } : bad;
		}
		at = end;
		index++;
	}
	return bad;
}
