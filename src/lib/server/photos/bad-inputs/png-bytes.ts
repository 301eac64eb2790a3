import { crc32, deflateSync } from 'node:zlib';
import { u32 } from './bytes';

// PNG chunks for the bad-input corpus, written by hand so that a case holds exactly the flaw
// it is named for.

export function pngChunk(type: string, data: Buffer): Buffer {
	const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
	const crc = Buffer.alloc(4);
	crc.writeUInt32BE(crc32(body));
	return Buffer.concat([u32(data.length), body, crc]);
}

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** The PNG with `chunks` inserted just before its first chunk of type `before`. */
export function withPngChunks(png: Buffer, chunks: Buffer[], before = 'IDAT'): Buffer {
	let at = 8;
	while (at < png.length && png.toString('latin1', at + 4, at + 8) !== before) {
		at += 12 + png.readUInt32BE(at);
	}
	return Buffer.concat([png.subarray(0, at), ...chunks, png.subarray(at)]);
}

/** The PNG's chunk types in order. */
export function pngChunkTypes(png: Buffer): string[] {
	const types: string[] = [];
	for (let at = 8; at + 8 <= png.length; at += 12 + png.readUInt32BE(at)) {
		types.push(png.toString('latin1', at + 4, at + 8));
	}
	return types;
}

function ihdr(width: number, height: number, depth: number, colour: number): Buffer {
	return pngChunk(
		'IHDR',
		Buffer.concat([u32(width), u32(height), Buffer.from([depth, colour, 0, 0, 0])])
	);
}

/**
 * A whole, valid 1-bit black-and-white PNG of any size: a checkerboard that deflates to next to
 * nothing, so a few kilobytes can hold tens of megapixels (a decompression bomb).
 */
export function bilevelPng(width: number, height: number, extraIdatZeros = 0): Buffer {
	const row = Math.ceil(width / 8);
	const raw = Buffer.alloc((row + 1) * height + extraIdatZeros);
	for (let y = 0; y < height; y++) {
		raw.fill(y % 2 ? 0x55 : 0xaa, y * (row + 1) + 1, (y + 1) * (row + 1));
	}
	return Buffer.concat([
		PNG_SIGNATURE,
		ihdr(width, height, 1, 0),
		pngChunk('IDAT', deflateSync(raw, { level: 9 })),
		pngChunk('IEND', Buffer.alloc(0))
	]);
}

/** A zTXt chunk whose text inflates to `bytes` bytes. */
export function zTxtBomb(bytes: number): Buffer {
	const text = deflateSync(Buffer.alloc(bytes, 0x41), { level: 9 });
	return pngChunk('zTXt', Buffer.concat([Buffer.from('Comment\0\0', 'latin1'), text]));
}

/** acTL and fcTL before the image data make a PNG an APNG (animated) for every reader. */
export function apngChunks(width: number, height: number): Buffer[] {
	const fctl = Buffer.alloc(26);
	fctl.writeUInt32BE(0, 0);
	fctl.writeUInt32BE(width, 4);
	fctl.writeUInt32BE(height, 8);
	fctl.writeUInt16BE(1, 20);
	fctl.writeUInt16BE(10, 22);
	return [pngChunk('acTL', Buffer.concat([u32(1), u32(0)])), pngChunk('fcTL', fctl)];
}

/** The same PNG with its image data cut into IDAT chunks of `bytes` bytes each. */
export function withTinyIdats(png: Buffer, bytes: number): Buffer {
	const before: Buffer[] = [];
	const data: Buffer[] = [];
	let iend: Buffer = Buffer.alloc(0);
	for (let at = 8; at + 8 <= png.length; at += 12 + png.readUInt32BE(at)) {
		const type = png.toString('latin1', at + 4, at + 8);
		const whole = png.subarray(at, at + 12 + png.readUInt32BE(at));
		if (type === 'IDAT') {
			data.push(whole.subarray(8, -4));
		} else if (type === 'IEND') {
			iend = whole;
		} else {
			before.push(whole);
		}
	}
	const all = Buffer.concat(data);
	const idats: Buffer[] = [];
	for (let at = 0; at < all.length; at += bytes) {
		idats.push(pngChunk('IDAT', all.subarray(at, at + bytes)));
	}
	return Buffer.concat([PNG_SIGNATURE, ...before, ...idats, iend]);
}
