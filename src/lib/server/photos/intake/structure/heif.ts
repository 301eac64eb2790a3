import { MAX_INPUT_PIXELS, tooManyPixels } from '../rejection';
import type { ByteSource } from './byte-source';
import { parseHeifMeta, type HeifMeta } from './heif-meta';
import { count, StructureRefused } from './refused';

/** A photo has ftyp, meta and mdat, sometimes free boxes: thousands only make readers work. */
export const MAX_HEIF_TOP_BOXES = 100;
/** An iPhone photo's meta box is a few KB (48 tiles); 48 MP with a gain map stays under 64 KB. */
export const MAX_HEIF_META_BYTES = 4 * 1024 * 1024;
/**
 * A 48 MP phone photo has about 250 items (192 tiles, a gain map grid, thumbnail, Exif, depth):
 * 1000 is libheif's own default limit.
 */
export const MAX_HEIF_ITEMS = 1000;

const IMAGE_TYPES = new Set([
	'hvc1',
	'av01',
	'grid',
	'iovl',
	'iden',
	'jpeg',
	'avc1',
	'vvc1',
	'j2k1',
	'unci',
	'tili'
]);

const embedded = (w: number, h: number) =>
	`The file holds an embedded image of ${w}×${h} pixels; the limit is ${MAX_INPUT_PIXELS / 1e6} megapixels.`;

/**
 * The box tree of a HEIF or AVIF file, from the box headers and the meta box alone (the image
 * data is never read). Refused: floods of boxes or items, a meta box of megabytes, any
 * embedded image (thumbnail, tile, auxiliary) over the pixel limit, and a file whose only
 * top-level image is not its primary one: the WASM decoder decodes the first top-level image,
 * whatever the file calls primary, so the pixel check must be about the image it decodes.
 * Several top-level images are left to the page check (refused as multi-page). Anything cut
 * off or malformed is left to the decoder and the whole-file check.
 */
export async function checkHeifStructure(src: ByteSource): Promise<void> {
	let boxes = 0;
	let meta: { at: number; size: number } | null = null;
	for (let at = 0; at + 8 <= src.size;) {
		const head = await src.read(at, 16);
		let size = head.readUInt32BE(0);
		let header = 8;
		if (size === 1 && head.length >= 16) {
			size = Number(head.readBigUInt64BE(8));
			header = 16;
		} else if (size === 0) {
			size = src.size - at;
		}
		if (size < header) {
			return;
		}
		if (++boxes > MAX_HEIF_TOP_BOXES) {
			throw new StructureRefused(
				`The file holds more than ${MAX_HEIF_TOP_BOXES} top-level boxes; a photo has three or four. Save it again as a normal image.`
			);
		}
		if (head.toString('latin1', 4, 8) === 'meta' && !meta) {
			meta = { at: at + header, size: size - header };
		}
		at += size;
	}
	if (!meta || meta.at + meta.size > src.size) {
		return; // cut off: the whole-file check says so
	}
	if (meta.size > MAX_HEIF_META_BYTES) {
		throw new StructureRefused(
			`The file's image description is ${(meta.size / 1024 / 1024).toFixed(1)} MB; a photo's is a few kilobytes. Save it again as a normal image.`
		);
	}
	let parsed: HeifMeta;
	try {
		parsed = parseHeifMeta(await src.read(meta.at, meta.size));
	} catch (e) {
		if (e instanceof RangeError) {
			return;
		}
		throw e;
	}
	checkItems(parsed, src.size);
}

function checkItems(meta: HeifMeta, fileSize: number): void {
	if (meta.items.length > MAX_HEIF_ITEMS) {
		throw new StructureRefused(
			`The file holds ${count(meta.items.length)} items; a photo has a few hundred at most. Save it again as a normal image.`
		);
	}
	const primary = meta.items.find((i) => i.id === meta.primary);
	// The primary image's own size gets the usual message, the others say they are embedded.
	for (const item of primary ? [primary, ...meta.items] : meta.items) {
		const { width = 0, height = 0 } = item.size ?? {};
		if (width * height > MAX_INPUT_PIXELS) {
			throw new StructureRefused(
				item === primary ? tooManyPixels(width, height) : embedded(width, height)
			);
		}
	}
	const notTopLevel = new Set<number>();
	for (const ref of meta.refs) {
		if (ref.type === 'dimg') {
			ref.to.forEach((id) => notTopLevel.add(id));
		} else if (ref.type === 'thmb' || ref.type === 'auxl') {
			notTopLevel.add(ref.from);
		}
	}
	const topLevel = meta.items.filter(
		(i) => IMAGE_TYPES.has(i.type) && !i.hidden && !notTopLevel.has(i.id)
	);
	if (topLevel.length === 1 && primary && topLevel[0] !== primary) {
		throw new StructureRefused(
			'The file’s primary image is not the picture it shows first. Save it again as a normal image.'
		);
	}
	if (meta.dataEnd > fileSize) {
		throw new StructureRefused('The image data is corrupt or incomplete.');
	}
}
