import type { ByteSource } from './byte-source';
import { count, StructureRefused } from './refused';

/**
 * libjpeg decodes every scan of a progressive JPEG over the whole image, however few bytes the
 * scan holds, so a file repeating a 20-byte scan thousands of times costs seconds per decode.
 * Encoders write 1 (baseline) to about 10 (libjpeg's and mozjpeg's progressive scripts, 12 for
 * CMYK); Photoshop's "progressive" offers 3 to 5 and hand-written scan scripts rarely pass 30.
 * An UltraHDR photo carries a second JPEG (the gain map) with its own scans. 100 leaves a wide
 * margin over all of these, and 100 scans that each touch every block of the largest
 * component cost no more than a normal photo's decode (npm run bench -- bombs).
 */
export const MAX_JPEG_SCANS = 100;
/** Markers with a length (APPn, DQT, DHT...): a few dozen in a photo, 255 ICC chunks at most. */
export const MAX_JPEG_SEGMENTS = 1000;

// Scan data is searched a few kilobytes at a time: the file window (64 KB) serves many steps.
const STEP = 4096;

/**
 * Walks the marker segments of the JPEG and of any JPEG right behind it (the gain map of an
 * UltraHDR photo), skipping the entropy-coded data, and counts scans and segments. Reads the
 * file once through a window; stops at the first thing that is not a marker where one belongs.
 */
export async function checkJpegStructure(src: ByteSource): Promise<void> {
	let scans = 0;
	let segments = 0;
	let at = 0;
	let inImage = false;
	while (at + 2 <= src.size) {
		const head = await src.read(at, 4);
		if (!inImage) {
			if (head[0] !== 0xff || head[1] !== 0xd8) {
				return; // trailing data that is not another JPEG: no decoder reads it
			}
			inImage = true;
			at += 2;
			continue;
		}
		if (head[0] !== 0xff) {
			at = await nextMarker(src, at); // stray bytes before a marker: libjpeg skips them too
			continue;
		}
		const marker = head[1];
		if (marker === 0xff) {
			at += 1; // fill byte
		} else if (marker === 0xd9) {
			inImage = false;
			at += 2;
		} else if (marker === 0x01 || marker === 0xd8 || (marker >= 0xd0 && marker <= 0xd7)) {
			at += 2;
		} else {
			if (head.length < 4) {
				return;
			}
			if (++segments > MAX_JPEG_SEGMENTS) {
				throw new StructureRefused(
					`The JPEG holds more than ${count(MAX_JPEG_SEGMENTS)} header segments; a photo has a few dozen. Save it again as a normal JPEG.`
				);
			}
			at += 2 + head.readUInt16BE(2);
			if (marker === 0xda) {
				if (++scans > MAX_JPEG_SCANS) {
					throw new StructureRefused(
						`The JPEG is split into more than ${MAX_JPEG_SCANS} scans; a photo has at most about 10. Save it again as a normal JPEG.`
					);
				}
				at = await nextMarker(src, at);
			}
		}
	}
}

/** The offset of the next marker at or after `at`, past stuffed bytes and restart markers. */
async function nextMarker(src: ByteSource, at: number): Promise<number> {
	for (;;) {
		const w = await src.read(at, STEP);
		if (w.length < 2) {
			return src.size;
		}
		let i = w.indexOf(0xff);
		while (i >= 0 && i + 1 < w.length) {
			const next = w[i + 1];
			if (next === 0xff) {
				i += 1;
			} else if (next === 0x00 || (next >= 0xd0 && next <= 0xd7)) {
				i = w.indexOf(0xff, i + 2);
			} else {
				return at + i;
			}
		}
		// Nothing here: go on from a last lone 0xFF (its partner is in the next window) or the end.
		at += i >= 0 ? i : w.length;
	}
}
