import type { ByteSource } from './byte-source';
import { StructureRefused } from './refused';

/**
 * A still WebP has one image chunk plus at most VP8X, ICCP, ALPH, EXIF and XMP; 64 leaves
 * room for unknown chunks a tool may add. (Animation frames are refused as animation.)
 */
export const MAX_WEBP_CHUNKS = 64;

/** Counts the RIFF chunks by their 8-byte headers only. */
export async function checkWebpStructure(src: ByteSource): Promise<void> {
	let chunks = 0;
	for (let at = 12; at + 8 <= src.size;) {
		const head = await src.read(at, 8);
		if (++chunks > MAX_WEBP_CHUNKS) {
			throw new StructureRefused(
				`The WebP holds more than ${MAX_WEBP_CHUNKS} chunks; a photo has a few. Save it again as a normal WebP.`
			);
		}
		const length = head.readUInt32LE(4);
		at += 8 + length + (length % 2);
	}
}
