// The ISO base media file format's box walk (HEIF, AVIF): shared by the upload's structure check
// (heif-meta.ts) and the tiled HEIC decode (pipeline/heic-grid.ts), so both read a file alike.

export interface Box {
	type: string;
	/** payload start and end within the buffer */
	start: number;
	end: number;
}

/** The boxes between `start` and `end`; a box reaching past its parent throws a RangeError. */
export function* boxes(buf: Buffer, start: number, end: number): Generator<Box> {
	let at = start;
	while (at + 8 <= end) {
		let size = buf.readUInt32BE(at);
		const type = buf.toString('latin1', at + 4, at + 8);
		let header = 8;
		if (size === 1) {
			size = Number(buf.readBigUInt64BE(at + 8));
			header = 16;
		} else if (size === 0) {
			size = end - at;
		}
		if (size < header || at + size > end) {
			throw new RangeError(`box ${type} overruns its parent`);
		}
		yield { type, start: at + header, end: at + size };
		at += size;
	}
}

/** A big-endian unsigned field of 0, 1, 2, 4 or 8 bytes (iloc's variable-width fields). */
export function uint(buf: Buffer, at: number, bytes: number): number {
	if (bytes === 0) {
		return 0;
	}
	if (bytes === 8) {
		return Number(buf.readBigUInt64BE(at));
	}
	return buf.readUIntBE(at, bytes);
}
