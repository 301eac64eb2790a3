import type { ByteSource } from './byte-source';
import { count, StructureRefused } from './refused';

/**
 * Encoders write a handful of small chunks (IHDR, PLTE, gAMA, pHYs, text...) and image data
 * in chunks of 8 KB (libpng) to 64 KB (Pillow) or one chunk: a photo has a few dozen chunks
 * under 1 KB at most. Thousands of tiny chunks buy nothing but per-chunk work in the decoder.
 */
export const MAX_SMALL_PNG_CHUNKS = 1000;
const SMALL = 1024;

/** Counts the chunks by their 8-byte headers only, up to IEND. */
export async function checkPngStructure(src: ByteSource): Promise<void> {
	let small = 0;
	for (let at = 8; at + 8 <= src.size;) {
		const head = await src.read(at, 8);
		const length = head.readUInt32BE(0);
		if (length < SMALL && ++small > MAX_SMALL_PNG_CHUNKS) {
			throw new StructureRefused(
				`The PNG is split into more than ${count(MAX_SMALL_PNG_CHUNKS)} tiny chunks; a photo has a few dozen. Save it again as a normal PNG.`
			);
		}
		if (head.toString('latin1', 4, 8) === 'IEND') {
			return;
		}
		at += 12 + length;
	}
}
