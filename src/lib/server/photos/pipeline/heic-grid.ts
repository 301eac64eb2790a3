// How a HEIC's primary image is laid out, when it is the common case a phone writes: a 'grid'
// of equal HEVC tiles (an iPhone: 512×512 tiles, 42 for this fixture). Such a file can be
// decoded a tile at a time on several threads, which libheif's WASM build (no threads of its
// own) cannot do. Anything else (one HEVC image, an overlay, a crop, a mirror, alpha) answers
// null and is decoded whole, as before.
import { parseHeifMeta } from '../intake/structure/heif-meta';
import { boxes, uint, type Box } from '../intake/structure/iso-boxes';

export interface HeicGrid {
	/** the grid's size before rotation */
	width: number;
	height: number;
	columns: number;
	rows: number;
	tileWidth: number;
	tileHeight: number;
	/** tile item ids, row by row */
	tiles: number[];
	/** the irot property: anticlockwise quarter turns applied after the tiles are joined */
	quarterTurns: 0 | 1 | 2 | 3;
}

// Properties that do not change which pixels the tiles make. Any other (clap, imir, a
// transform added to the format later) sends the file down the whole-image path.
const HARMLESS = new Set(['ispe', 'colr', 'pixi', 'hvcC', 'irot']);

/** The grid layout of `file`'s primary image, or null when it is not a plain tile grid. */
export function heicGrid(file: Buffer): HeicGrid | null {
	try {
		return readGrid(file);
	} catch (e) {
		if (e instanceof RangeError) {
			return null; // malformed: libheif, on the whole-image path, says what is wrong
		}
		throw e;
	}
}

function readGrid(file: Buffer): HeicGrid | null {
	const meta = [...boxes(file, 0, file.length)].find((b) => b.type === 'meta');
	if (!meta) {
		return null;
	}
	const body = file.subarray(meta.start, meta.end);
	const parsed = parseHeifMeta(body);
	const primary = parsed.items.find((i) => i.id === parsed.primary);
	if (!primary || primary.type !== 'grid' || !primary.size) {
		return null;
	}
	const tiles = parsed.refs.find((r) => r.type === 'dimg' && r.from === primary.id)?.to ?? [];
	const tileItems = tiles.map((id) => parsed.items.find((i) => i.id === id));
	const first = tileItems[0]?.size;
	if (
		!first ||
		tileItems.some(
			(t) => t?.type !== 'hvc1' || t.size?.width !== first.width || t.size?.height !== first.height
		) ||
		parsed.refs.some((r) => r.type === 'auxl' && r.to.includes(primary.id))
	) {
		return null;
	}
	const props = primaryProperties(body, primary.id);
	if (!props || props.types.some((t) => !HARMLESS.has(t))) {
		return null;
	}
	const layout = gridDescriptor(file, body, primary.id);
	if (!layout) {
		return null;
	}
	const { columns, rows, width, height } = layout;
	const fits = (n: number, tile: number, size: number) => n * tile >= size && (n - 1) * tile < size;
	if (
		width !== primary.size.width ||
		height !== primary.size.height ||
		columns * rows !== tiles.length ||
		!fits(columns, first.width, width) ||
		!fits(rows, first.height, height)
	) {
		return null;
	}
	return {
		width,
		height,
		columns,
		rows,
		tileWidth: first.width,
		tileHeight: first.height,
		tiles,
		quarterTurns: props.quarterTurns
	};
}

/** The types of the properties associated with `id`, and its irot angle. */
function primaryProperties(meta: Buffer, id: number) {
	const iprp = [...boxes(meta, 4, meta.length)].find((b) => b.type === 'iprp');
	if (!iprp) {
		return null;
	}
	const children = [...boxes(meta, iprp.start, iprp.end)];
	const ipco = children.find((b) => b.type === 'ipco');
	const ipma = children.find((b) => b.type === 'ipma');
	if (!ipco || !ipma) {
		return null;
	}
	const all = [...boxes(meta, ipco.start, ipco.end)];
	const version = meta[ipma.start];
	const wide = (meta[ipma.start + 3] & 1) === 1;
	let at = ipma.start + 4;
	const entries = meta.readUInt32BE(at);
	at += 4;
	for (let e = 0; e < entries; e++) {
		const item = version < 1 ? meta.readUInt16BE(at) : meta.readUInt32BE(at);
		at += version < 1 ? 2 : 4;
		const n = meta[at++];
		const indexes: number[] = [];
		for (let i = 0; i < n; i++, at += wide ? 2 : 1) {
			indexes.push(wide ? meta.readUInt16BE(at) & 0x7fff : meta[at] & 0x7f);
		}
		if (at > ipma.end) {
			throw new RangeError('ipma overruns its box');
		}
		if (item !== id) {
			continue;
		}
		const own = indexes.filter((i) => i > 0).map((i) => all[i - 1]);
		if (own.some((p) => !p)) {
			return null;
		}
		const irot = own.find((p) => p.type === 'irot');
		return {
			types: own.map((p) => p.type),
			quarterTurns: (irot ? meta[irot.start] & 3 : 0) as HeicGrid['quarterTurns']
		};
	}
	return null;
}

/** The ImageGrid descriptor (ISO/IEC 23008-12 6.6.2.3), from idat or from the file. */
function gridDescriptor(file: Buffer, meta: Buffer, id: number) {
	const top = [...boxes(meta, 4, meta.length)];
	const iloc = top.find((b) => b.type === 'iloc');
	if (!iloc) {
		return null;
	}
	const extent = ilocExtent(meta, iloc, id);
	if (!extent) {
		return null;
	}
	let data: Buffer;
	if (extent.method === 1) {
		const idat = top.find((b) => b.type === 'idat');
		if (!idat) {
			return null;
		}
		data = meta.subarray(idat.start, idat.end);
	} else {
		data = file;
	}
	if (extent.offset + Math.max(extent.length, 8) > data.length) {
		throw new RangeError('grid descriptor outside the file');
	}
	const g = data.subarray(extent.offset, extent.offset + (extent.length || data.length));
	const bytes = (g[1] & 1) === 1 ? 4 : 2;
	if (g[0] !== 0 || g.length < 4 + 2 * bytes) {
		return null;
	}
	return {
		rows: g[2] + 1,
		columns: g[3] + 1,
		width: uint(g, 4, bytes),
		height: uint(g, 4 + bytes, bytes)
	};
}

/** Where item `id`'s data is: only a single extent is accepted, as a grid descriptor has. */
function ilocExtent(meta: Buffer, box: Box, id: number) {
	const version = meta[box.start];
	let at = box.start + 4;
	const offsetSize = meta[at] >> 4;
	const lengthSize = meta[at] & 15;
	const baseSize = meta[at + 1] >> 4;
	const indexSize = version === 1 || version === 2 ? meta[at + 1] & 15 : 0;
	at += 2;
	const count = version < 2 ? meta.readUInt16BE(at) : meta.readUInt32BE(at);
	at += version < 2 ? 2 : 4;
	for (let i = 0; i < count; i++) {
		const item = version < 2 ? meta.readUInt16BE(at) : meta.readUInt32BE(at);
		at += version < 2 ? 2 : 4;
		let method = 0;
		if (version === 1 || version === 2) {
			method = meta.readUInt16BE(at) & 15;
			at += 2;
		}
		const dataRef = meta.readUInt16BE(at);
		at += 2;
		const base = uint(meta, at, baseSize);
		at += baseSize;
		const extents = meta.readUInt16BE(at);
		at += 2;
		const found: { offset: number; length: number }[] = [];
		for (let x = 0; x < extents; x++) {
			at += indexSize;
			found.push({
				offset: uint(meta, at, offsetSize),
				length: uint(meta, at + offsetSize, lengthSize)
			});
			at += offsetSize + lengthSize;
		}
		if (at > box.end) {
			throw new RangeError('iloc overruns its box');
		}
		if (item === id) {
			if (found.length !== 1 || dataRef !== 0 || method > 1) {
				return null;
			}
			return { method, offset: base + found[0].offset, length: found[0].length };
		}
	}
	return null;
}
