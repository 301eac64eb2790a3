import { u16 } from './bytes';

// WebP and HEIF header edits, and files in formats a photo upload must refuse, for the
// bad-input corpus: written by hand so that a case holds exactly the flaw it is named for.

/**
 * The same simple (VP8, lossy) WebP with its key-frame header claiming `width`×`height`, at
 * most 16383 each; the compressed data still describes the small picture.
 */
export function webpDeclaring(webp: Buffer, width: number, height: number): Buffer {
	if (webp.toString('latin1', 12, 16) !== 'VP8 ') {
		throw new Error('not a simple lossy WebP');
	}
	const out = Buffer.from(webp);
	// RIFF header (12) + chunk header (8) + frame tag (3) + start code (3)
	out.writeUInt16LE(width & 0x3fff, 26);
	out.writeUInt16LE(height & 0x3fff, 28);
	return out;
}

/** The HEIF/AVIF file with every image spatial extent ('ispe') set to `width`×`height`. */
export function heifDeclaring(file: Buffer, width: number, height: number): Buffer {
	const out = Buffer.from(file);
	let at = out.indexOf('ispe', 0, 'latin1');
	if (at < 0) {
		throw new Error('no ispe box');
	}
	while (at >= 0) {
		out.writeUInt32BE(width, at + 8);
		out.writeUInt32BE(height, at + 12);
		at = out.indexOf('ispe', at + 4, 'latin1');
	}
	return out;
}

// ---- Other formats a photo upload must not take ---------------------------------------------

/** An uncompressed little-endian TIFF with `channels` 8-bit samples per pixel. */
export function multiChannelTiff(width: number, height: number, channels: number): Buffer {
	const pixels = Buffer.alloc(width * height * channels, 0x80);
	const entries: [number, number, number, number][] = [
		[256, 4, 1, width],
		[257, 4, 1, height],
		[258, 3, 1, 8], // bits per sample (same for all, stored once)
		[259, 3, 1, 1], // no compression
		[262, 3, 1, 2], // RGB
		[273, 4, 1, 8], // strip offset: the pixels follow the header
		[277, 3, 1, channels],
		[278, 4, 1, height],
		[279, 4, 1, pixels.length],
		[284, 3, 1, 1],
		[338, 3, 1, 0] // extra samples: unspecified
	];
	const table = Buffer.alloc(2 + entries.length * 12 + 4);
	table.writeUInt16LE(entries.length, 0);
	entries.forEach(([tag, type, count, value], i) => {
		table.writeUInt16LE(tag, 2 + i * 12);
		table.writeUInt16LE(type, 4 + i * 12);
		table.writeUInt32LE(count, 6 + i * 12);
		if (type === 3) {
			table.writeUInt16LE(value, 10 + i * 12);
		} else {
			table.writeUInt32LE(value, 10 + i * 12);
		}
	});
	const header = Buffer.alloc(8);
	header.write('II*\0', 0, 'latin1');
	header.writeUInt32LE(8 + pixels.length, 4);
	return Buffer.concat([header, pixels, table]);
}

/** A Photoshop document header with `channels` channels and no layers. */
export function psdFile(width: number, height: number, channels: number): Buffer {
	const header = Buffer.alloc(26);
	header.write('8BPS', 0, 'latin1');
	header.writeUInt16BE(1, 4);
	header.writeUInt16BE(channels, 12);
	header.writeUInt32BE(height, 14);
	header.writeUInt32BE(width, 18);
	header.writeUInt16BE(8, 22);
	header.writeUInt16BE(3, 24); // RGB
	// empty colour mode, resources and layer sections, then raw image data
	return Buffer.concat([header, Buffer.alloc(12), u16(0), Buffer.alloc(width * height * channels)]);
}

/** A 64-bit Linux executable's ELF header (it would exit at once; it is never run). */
export function elfFile(): Buffer {
	const elf = Buffer.alloc(128);
	Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1]).copy(elf);
	elf.writeUInt16LE(2, 16); // executable
	elf.writeUInt16LE(0x3e, 18); // x86-64
	elf.writeUInt32LE(1, 20);
	return elf;
}

/** A Windows PE executable's DOS and PE headers. */
export function exeFile(): Buffer {
	const exe = Buffer.alloc(512);
	exe.write('MZ', 0, 'latin1');
	exe.write('This program cannot be run in DOS mode.', 0x4e, 'latin1');
	exe.writeUInt32LE(0x80, 0x3c);
	exe.write('PE\0\0', 0x80, 'latin1');
	exe.writeUInt16LE(0x8664, 0x84);
	return exe;
}

export const PDF_FILE = Buffer.from(
	'%PDF-1.4\n1 0 obj <</Type /Catalog /OpenAction 2 0 R>> endobj\n' +
		'2 0 obj <</S /JavaScript /JS (app.alert(1))>> endobj\ntrailer <</Root 1 0 R>>\n%%EOF\n',
	'latin1'
);

export const PHP_SHELL = Buffer.from('<?php system($_GET["c"]); ?>\n');

/** A 24-bit Windows bitmap header over grey pixels. */
export function bmpFile(width: number, height: number): Buffer {
	const row = Math.ceil((width * 3) / 4) * 4;
	const head = Buffer.alloc(54);
	head.write('BM', 0, 'latin1');
	head.writeUInt32LE(54 + row * height, 2);
	head.writeUInt32LE(54, 10);
	head.writeUInt32LE(40, 14);
	head.writeInt32LE(width, 18);
	head.writeInt32LE(height, 22);
	head.writeUInt16LE(1, 26);
	head.writeUInt16LE(24, 28);
	return Buffer.concat([head, Buffer.alloc(row * height, 0x80)]);
}
