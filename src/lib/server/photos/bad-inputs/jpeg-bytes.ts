import { rationals, u16, u32 } from './bytes';

// JPEG segments, EXIF and ICC profiles for the bad-input corpus, written by hand so that a
// case holds exactly the flaw it is named for.

/** One marker segment: FF, marker, a two-byte length that counts itself, then the payload. */
export function jpegSegment(marker: number, payload: Buffer): Buffer {
	if (payload.length > 65533) {
		throw new Error(`a JPEG segment holds at most 65533 bytes, not ${payload.length}`);
	}
	const head = Buffer.from([0xff, marker, 0, 0]);
	head.writeUInt16BE(payload.length + 2, 2);
	return Buffer.concat([head, payload]);
}

/** The segments between SOI and the start of scan, as [marker, offset of the FF byte]. */
export function jpegSegments(jpeg: Buffer): [number, number][] {
	const found: [number, number][] = [];
	let at = 2;
	while (at + 4 <= jpeg.length && jpeg[at] === 0xff) {
		const marker = jpeg[at + 1];
		found.push([marker, at]);
		if (marker === 0xda) {
			break;
		}
		at += 2 + jpeg.readUInt16BE(at + 2);
	}
	return found;
}

/** The JPEG with `segments` inserted right after SOI, where APPn segments belong. */
export function withJpegSegments(jpeg: Buffer, segments: Buffer[]): Buffer {
	return Buffer.concat([jpeg.subarray(0, 2), ...segments, jpeg.subarray(2)]);
}

const SOF = new Set([0xc0, 0xc1, 0xc2, 0xc3, 0xc5, 0xc6, 0xc7, 0xc9, 0xca, 0xcb, 0xcd, 0xce, 0xcf]);

function sofOffset(jpeg: Buffer): number {
	const sof = jpegSegments(jpeg).find(([m]) => SOF.has(m));
	if (!sof) {
		throw new Error('no SOF segment');
	}
	return sof[1];
}

/** The same JPEG with its frame header claiming another size (the pixel data is unchanged). */
export function jpegDeclaring(jpeg: Buffer, width: number, height: number): Buffer {
	const out = Buffer.from(jpeg);
	const at = sofOffset(out);
	out.writeUInt16BE(height, at + 5);
	out.writeUInt16BE(width, at + 7);
	return out;
}

/**
 * A greyscale JPEG's frame and scan headers rewritten to claim `components` colour components
 * (JPEG allows up to 255; libjpeg knows no colour space for more than 4).
 */
export function jpegWithComponents(grey: Buffer, components: number): Buffer {
	const segments = jpegSegments(grey);
	const sofAt = sofOffset(grey);
	const sos = segments.find(([m]) => m === 0xda)![1];
	const sof = Buffer.from(grey.subarray(sofAt + 4, sofAt + 10)); // precision, height, width
	const frame = Buffer.alloc(6 + components * 3);
	sof.copy(frame, 0, 0, 5);
	frame[5] = components;
	const scan = Buffer.alloc(1 + components * 2 + 3);
	scan[0] = components;
	for (let i = 0; i < components; i++) {
		frame.set([i + 1, 0x11, 0], 6 + i * 3);
		scan.set([i + 1, 0x00], 1 + i * 2);
	}
	scan.set([0, 63, 0], 1 + components * 2);
	const sofLength = grey.readUInt16BE(sofAt + 2);
	const sosLength = grey.readUInt16BE(sos + 2);
	return Buffer.concat([
		grey.subarray(0, sofAt),
		jpegSegment(grey[sofAt + 1], frame),
		grey.subarray(sofAt + 2 + sofLength, sos),
		jpegSegment(0xda, scan),
		grey.subarray(sos + 2 + sosLength)
	]);
}

// ---- EXIF (a TIFF structure inside APP1) ----------------------------------------------------

interface IfdEntry {
	tag: number;
	/** 2 ASCII, 3 SHORT, 4 LONG, 5 RATIONAL, 7 UNDEFINED */
	type: 2 | 3 | 4 | 5 | 7;
	count: number;
	value: Buffer;
}

/** One big-endian IFD placed at `start` in the TIFF stream, with its out-of-line values after. */
function ifd(entries: IfdEntry[], start: number, next = 0): Buffer {
	const tableSize = 2 + entries.length * 12 + 4;
	const table = Buffer.alloc(tableSize);
	const values: Buffer[] = [];
	let dataAt = start + tableSize;
	table.writeUInt16BE(entries.length, 0);
	entries.forEach((e, i) => {
		const at = 2 + i * 12;
		table.writeUInt16BE(e.tag, at);
		table.writeUInt16BE(e.type, at + 2);
		table.writeUInt32BE(e.count, at + 4);
		if (e.value.length <= 4) {
			e.value.copy(table, at + 8);
		} else {
			table.writeUInt32BE(dataAt, at + 8);
			const padded = e.value.length % 2 ? Buffer.concat([e.value, Buffer.alloc(1)]) : e.value;
			values.push(padded);
			dataAt += padded.length;
		}
	});
	table.writeUInt32BE(next, tableSize - 4);
	return Buffer.concat([table, ...values]);
}

/**
 * An EXIF APP1 payload: a description of `descriptionBytes` bytes, an orientation and a GPS
 * position (the kind of thing that must never reach a served image).
 */
export function exifPayload(descriptionBytes: number): Buffer {
	const description = Buffer.alloc(descriptionBytes, 'A');
	description[descriptionBytes - 1] = 0;
	const gpsEntries: IfdEntry[] = [
		{ tag: 0x0001, type: 2, count: 2, value: Buffer.from('N\0') },
		{
			tag: 0x0002,
			type: 5,
			count: 3,
			value: rationals([
				[52, 1],
				[22, 1],
				[1234, 100]
			])
		},
		{ tag: 0x0003, type: 2, count: 2, value: Buffer.from('E\0') },
		{
			tag: 0x0004,
			type: 5,
			count: 3,
			value: rationals([
				[4, 1],
				[53, 1],
				[5678, 100]
			])
		}
	];
	const ifd0Entries = (gpsAt: number): IfdEntry[] => [
		{ tag: 0x010e, type: 2, count: description.length, value: description },
		{ tag: 0x0112, type: 3, count: 1, value: Buffer.concat([u16(1), u16(0)]) },
		{ tag: 0x8825, type: 4, count: 1, value: u32(gpsAt) }
	];
	const ifd0Size = ifd(ifd0Entries(0), 8).length;
	return Buffer.concat([
		Buffer.from('Exif\0\0MM\0\x2a\0\0\0\x08', 'latin1'),
		ifd(ifd0Entries(8 + ifd0Size), 8),
		ifd(gpsEntries, 8 + ifd0Size)
	]);
}

/** EXIF whose IFD0 names itself as the next IFD and as its own EXIF sub-IFD: a loop. */
export function exifLoopPayload(): Buffer {
	const entries: IfdEntry[] = [
		{ tag: 0x0112, type: 3, count: 1, value: Buffer.concat([u16(6), u16(0)]) },
		{ tag: 0x8769, type: 4, count: 1, value: u32(8) }
	];
	return Buffer.concat([Buffer.from('Exif\0\0MM\0\x2a\0\0\0\x08', 'latin1'), ifd(entries, 8, 8)]);
}

/**
 * An ICC_PROFILE APP2 payload that starts like a profile (size, 'acsp') and then claims two
 * billion tags in 200 bytes of noise.
 */
export function junkIccPayload(): Buffer {
	const profile = Buffer.alloc(400, 0x5a);
	profile.writeUInt32BE(profile.length, 0);
	profile.write('mntrRGB XYZ ', 12, 'latin1');
	profile.write('acsp', 36, 'latin1');
	profile.writeUInt32BE(0x7fffffff, 128);
	return Buffer.concat([Buffer.from('ICC_PROFILE\0\x01\x01', 'latin1'), profile]);
}

// ---- Decode-work floods ---------------------------------------------------------------------

/** How many scans (SOS markers) the JPEG holds; FF DA cannot occur inside scan data. */
export function jpegScanCount(jpeg: Buffer): number {
	let n = 0;
	for (
		let at = jpeg.indexOf('\xff\xda', 0, 'latin1');
		at >= 0;
		at = jpeg.indexOf('\xff\xda', at + 2, 'latin1')
	) {
		n++;
	}
	return n;
}

/**
 * The progressive JPEG followed by `copies` copies of one tiny scan (or as many as make the file
 * `copies.totalBytes` long): each scan carries only "no coefficient here for the next 32767 blocks" for the luma
 * component, about 20 bytes, yet a decoder walks every block of the image for it.
 */
export function withRepeatedScans(
	progressive: Buffer,
	copies: number | { totalBytes: number }
): Buffer {
	const sofAt = sofOffset(progressive);
	const height = progressive.readUInt16BE(sofAt + 5);
	const width = progressive.readUInt16BE(sofAt + 7);
	const lumaId = progressive[sofAt + 10];
	const blocks = Math.ceil(width / 8) * Math.ceil(height / 8);
	// AC table 3: a single one-bit code '0' for symbol 0xE0 (an end-of-band run of 2^14 + 14 bits)
	const table = Buffer.alloc(1 + 16 + 1);
	table[0] = 0x13;
	table[1] = 1;
	table[17] = 0xe0;
	const bits = '011111111111111'.repeat(Math.ceil(blocks / 32767));
	const data: number[] = [];
	for (let i = 0; i < bits.length; i += 8) {
		const byte = parseInt(bits.slice(i, i + 8).padEnd(8, '1'), 2);
		data.push(byte, ...(byte === 0xff ? [0] : []));
	}
	// one component, DC table 0 / AC table 3, spectral band 63..63, no successive approximation
	const scan = Buffer.concat([
		jpegSegment(0xda, Buffer.from([1, lumaId, 0x03, 63, 63, 0])),
		Buffer.from(data)
	]);
	const head = Buffer.concat([progressive.subarray(0, -2), jpegSegment(0xc4, table)]);
	const n =
		typeof copies === 'number'
			? copies
			: Math.floor((copies.totalBytes - head.length - 2) / scan.length);
	return Buffer.concat([head, ...Array.from({ length: n }, () => scan), Buffer.from([0xff, 0xd9])]);
}
