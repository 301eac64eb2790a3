import { open } from 'node:fs/promises';

type ReadAt = (at: number, length: number) => Buffer | Promise<Buffer>;

/**
 * libheif paints the tiles a cut-off HEIC lacks in flat green instead of failing, so a HEIF or
 * AVIF file counts as whole only when its top-level boxes (ftyp, meta, mdat...) end exactly
 * where the file does. Only the box headers are read.
 */
export async function boxesFillFile(size: number, read: ReadAt): Promise<boolean> {
	let at = 0;
	while (at + 8 <= size) {
		const head = await read(at, 16);
		let box = head.readUInt32BE(0);
		if (box === 0) {
			return true; // the last box runs to the end of the file
		}
		if (box === 1 && head.length >= 16) {
			box = Number(head.readBigUInt64BE(8));
		}
		if (box < 8) {
			return false;
		}
		at += box;
	}
	return at === size;
}

export function isWholeHeif(bytes: Buffer): Promise<boolean> {
	return boxesFillFile(bytes.length, (at, length) => bytes.subarray(at, at + length));
}

export async function isWholeHeifFile(path: string): Promise<boolean> {
	const file = await open(path, 'r');
	try {
		const { size } = await file.stat();
		return await boxesFillFile(size, async (at, length) => {
			const buffer = Buffer.alloc(length);
			const { bytesRead } = await file.read(buffer, 0, length, at);
			return buffer.subarray(0, bytesRead);
		});
	} finally {
		await file.close();
	}
}
