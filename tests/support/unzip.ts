import { buffer } from 'node:stream/consumers';
import { fromBufferPromise } from 'yauzl';

export interface UnzippedEntry {
	name: string;
	/** 0 stored, 8 deflated */
	method: number;
	data: Buffer;
}

/** Every entry of a ZIP, in archive order, read by a strict reader (yauzl checks CRCs and sizes). */
export async function unzip(zip: Buffer): Promise<UnzippedEntry[]> {
	const file = await fromBufferPromise(zip, { lazyEntries: true, strictFileNames: true });
	const entries: UnzippedEntry[] = [];
	for await (const entry of file.eachEntry()) {
		const data = await buffer(await file.openReadStreamPromise(entry));
		entries.push({ name: entry.fileName, method: entry.compressionMethod, data });
	}
	return entries;
}
