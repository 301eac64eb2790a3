// The parts of a HEIF/AVIF 'meta' box (ISO/IEC 23008-12) that say how many images a file holds
// and how large each claims to be. Reads from one buffer; a box that runs past its parent's
// end throws a RangeError, which the caller treats as "leave it to the decoder".
import { boxes, uint, type Box } from './iso-boxes';

export interface HeifItem {
	id: number;
	type: string;
	hidden: boolean;
	/** the size its ispe property claims, if it has one */
	size?: { width: number; height: number };
}

export interface HeifMeta {
	primary: number | null;
	items: HeifItem[];
	/** reference type → from item → to items */
	refs: { type: string; from: number; to: number[] }[];
	/** the furthest byte any item's data reaches (file offsets, construction method 0) */
	dataEnd: number;
}

export function parseHeifMeta(meta: Buffer): HeifMeta {
	const out: HeifMeta = { primary: null, items: [], refs: [], dataEnd: 0 };
	const props: ({ width: number; height: number } | null)[] = [];
	const assoc = new Map<number, number[]>();
	// a full box: version and flags come first
	for (const box of boxes(meta, 4, meta.length)) {
		const version = meta[box.start];
		const body = box.start + 4;
		switch (box.type) {
			case 'pitm':
				out.primary = version === 0 ? meta.readUInt16BE(body) : meta.readUInt32BE(body);
				break;
			case 'iinf': {
				const first = body + (version === 0 ? 2 : 4);
				for (const infe of boxes(meta, first, box.end)) {
					out.items.push(readInfe(meta, infe));
				}
				break;
			}
			case 'iref':
				for (const ref of boxes(meta, body, box.end)) {
					const idBytes = version === 0 ? 2 : 4;
					const from = uint(meta, ref.start, idBytes);
					const n = meta.readUInt16BE(ref.start + idBytes);
					const to: number[] = [];
					for (let i = 0; i < n; i++) {
						to.push(uint(meta, ref.start + idBytes + 2 + i * idBytes, idBytes));
					}
					out.refs.push({ type: ref.type, from, to });
				}
				break;
			case 'iprp':
				for (const child of boxes(meta, box.start, box.end)) {
					if (child.type === 'ipco') {
						for (const p of boxes(meta, child.start, child.end)) {
							props.push(
								p.type === 'ispe'
									? {
											width: meta.readUInt32BE(p.start + 4),
											height: meta.readUInt32BE(p.start + 8)
										}
									: null
							);
						}
					} else if (child.type === 'ipma') {
						readIpma(meta, child, assoc);
					}
				}
				break;
			case 'iloc':
				out.dataEnd = ilocDataEnd(meta, box);
				break;
		}
	}
	for (const item of out.items) {
		for (const index of assoc.get(item.id) ?? []) {
			const size = props[index - 1];
			if (size) {
				item.size = size;
			}
		}
	}
	return out;
}

function readInfe(meta: Buffer, infe: Box): HeifItem {
	const version = meta[infe.start];
	const hidden = (meta[infe.start + 3] & 1) === 1;
	if (version < 2) {
		return { id: meta.readUInt16BE(infe.start + 4), type: '', hidden };
	}
	const idBytes = version === 2 ? 2 : 4;
	const id = uint(meta, infe.start + 4, idBytes);
	const type = meta.toString('latin1', infe.start + 4 + idBytes + 2, infe.start + 8 + idBytes + 2);
	return { id, type, hidden };
}

function readIpma(meta: Buffer, box: Box, assoc: Map<number, number[]>): void {
	const version = meta[box.start];
	const wide = (meta[box.start + 3] & 1) === 1;
	let at = box.start + 4;
	const entries = meta.readUInt32BE(at);
	at += 4;
	for (let e = 0; e < entries; e++) {
		const id = version < 1 ? meta.readUInt16BE(at) : meta.readUInt32BE(at);
		at += version < 1 ? 2 : 4;
		const n = meta[at++];
		const list: number[] = [];
		for (let i = 0; i < n; i++) {
			list.push(wide ? meta.readUInt16BE(at) & 0x7fff : meta[at] & 0x7f);
			at += wide ? 2 : 1;
		}
		assoc.set(id, list);
	}
	if (at > box.end) {
		throw new RangeError('ipma overruns its box');
	}
}

function ilocDataEnd(meta: Buffer, box: Box): number {
	const version = meta[box.start];
	let at = box.start + 4;
	const offsetSize = meta[at] >> 4;
	const lengthSize = meta[at] & 15;
	const baseSize = meta[at + 1] >> 4;
	const indexSize = version === 1 || version === 2 ? meta[at + 1] & 15 : 0;
	at += 2;
	const count = version < 2 ? meta.readUInt16BE(at) : meta.readUInt32BE(at);
	at += version < 2 ? 2 : 4;
	let end = 0;
	for (let i = 0; i < count; i++) {
		at += version < 2 ? 2 : 4; // item id
		let method = 0;
		if (version === 1 || version === 2) {
			method = meta.readUInt16BE(at) & 15;
			at += 2;
		}
		at += 2; // data reference index
		const base = uint(meta, at, baseSize);
		at += baseSize;
		const extents = meta.readUInt16BE(at);
		at += 2;
		for (let x = 0; x < extents; x++) {
			at += indexSize;
			const offset = uint(meta, at, offsetSize);
			const length = uint(meta, at + offsetSize, lengthSize);
			at += offsetSize + lengthSize;
			if (method === 0) {
				end = Math.max(end, base + offset + length);
			}
		}
	}
	if (at > box.end) {
		throw new RangeError('iloc overruns its box');
	}
	return end;
}
