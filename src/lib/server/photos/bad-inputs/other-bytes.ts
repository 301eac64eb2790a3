import { u16, u32 } from './bytes';

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

/** The WebP with `n` empty unknown chunks appended (readers skip them) and its RIFF size fixed. */
export function webpWithChunks(webp: Buffer, n: number): Buffer {
	const junk = Buffer.concat(
		Array.from({ length: n }, () => Buffer.from('JUNK\0\0\0\0', 'latin1'))
	);
	const out = Buffer.concat([webp, junk]);
	out.writeUInt32LE(out.length - 8, 4);
	return out;
}

// ---- HEIF boxes -------------------------------------------------------------------------------

const box = (type: string, ...payload: Buffer[]) => {
	const body = Buffer.concat(payload);
	return Buffer.concat([u32(body.length + 8), Buffer.from(type, 'latin1'), body]);
};
const fullBox = (type: string, version: number, ...payload: Buffer[]) =>
	box(type, Buffer.from([version, 0, 0, 0]), ...payload);

/** The top-level boxes, or the children of a box's payload, as [type, whole box]. */
function children(buf: Buffer, start = 0, end = buf.length): [string, Buffer][] {
	const out: [string, Buffer][] = [];
	for (let at = start; at + 8 <= end;) {
		const size = buf.readUInt32BE(at);
		out.push([buf.toString('latin1', at + 4, at + 8), buf.subarray(at, at + size)]);
		at += size;
	}
	return out;
}

/**
 * A one-image AVIF (as sharp writes it) rebuilt with a second coded image: a thumbnail of the
 * first whose ispe claims `width`×`height`, its data a copy of the primary's.
 */
export function avifWithThumbnail(avif: Buffer, width: number, height: number): Buffer {
	const top = new Map(children(avif));
	const ftyp = top.get('ftyp')!;
	const metaBox = top.get('meta')!;
	const meta = new Map(children(metaBox, 12));
	const iprp = new Map(children(meta.get('iprp')!, 8));
	const props = children(iprp.get('ipco')!, 8);
	const ispeIndex = props.findIndex(([t]) => t === 'ispe') + 1;
	const ipma = iprp.get('ipma')!;
	// version 0, small indexes: entry count, item id, association count, associations
	const primaryAssoc = [...ipma.subarray(12 + 4 + 2 + 1, 12 + 4 + 2 + 1 + ipma[12 + 4 + 2])];
	const thumbAssoc = primaryAssoc.map((a) => ((a & 0x7f) === ispeIndex ? props.length + 1 : a));
	const bigIspe = fullBox('ispe', 0, u32(width), u32(height));
	const mdat = top.get('mdat')!;
	const data = mdat.subarray(8);
	const build = (dataAt: number) =>
		fullBox(
			'meta',
			0,
			meta.get('hdlr')!,
			meta.get('pitm')!,
			fullBox(
				'iloc',
				0,
				Buffer.from([0x44, 0x00]),
				u16(2),
				...[1, 2].map((id) =>
					Buffer.concat([u16(id), u16(0), u16(1), u32(dataAt), u32(data.length)])
				)
			),
			fullBox(
				'iinf',
				0,
				u16(2),
				...[1, 2].map((id) => fullBox('infe', 2, u16(id), u16(0), Buffer.from('av01')))
			),
			fullBox('iref', 0, box('thmb', u16(2), u16(1), u16(1))),
			box(
				'iprp',
				box('ipco', ...props.map(([, b]) => b), bigIspe),
				fullBox(
					'ipma',
					0,
					u32(2),
					Buffer.from([0, 1, primaryAssoc.length, ...primaryAssoc]),
					Buffer.from([0, 2, thumbAssoc.length, ...thumbAssoc])
				)
			)
		);
	const metaLength = build(0).length;
	const dataAt = ftyp.length + metaLength + 8;
	return Buffer.concat([ftyp, build(dataAt), box('mdat', data)]);
}
