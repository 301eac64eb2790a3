import { createHash } from 'node:crypto';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { mkdirPrivate, PRIVATE_FILE } from '../storage/private-files';

export interface FileSum {
	bytes: number;
	sha256: string;
}

/** SHA-256 and size of a file, read in one pass. */
export async function hashFile(file: string): Promise<FileSum> {
	const hash = createHash('sha256');
	let bytes = 0;
	for await (const chunk of fs.createReadStream(file) as AsyncIterable<Buffer>) {
		hash.update(chunk);
		bytes += chunk.length;
	}
	return { bytes, sha256: hash.digest('hex') };
}

/**
 * Copies a file, hashing the bytes as they pass, and fsyncs the copy: what the sum describes
 * is exactly what was written. A real copy, not a hard link: a backup must not share its
 * bytes (inode, blocks) with the live folder it is meant to survive.
 */
export async function copyWithSum(from: string, to: string): Promise<FileSum> {
	const hash = createHash('sha256');
	let bytes = 0;
	const tap = new Transform({
		transform(chunk: Buffer, _enc, done) {
			hash.update(chunk);
			bytes += chunk.length;
			done(null, chunk);
		}
	});
	const source = fs.createReadStream(from);
	// Open the source first so a missing file fails before anything is created.
	await new Promise<void>((resolve, reject) => {
		source.once('open', () => resolve());
		source.once('error', reject);
	});
	try {
		await mkdirPrivate(path.dirname(to));
	} catch (e) {
		source.destroy();
		throw e;
	}
	await pipeline(source, tap, fs.createWriteStream(to, { flags: 'wx', mode: PRIVATE_FILE }));
	await fsyncPath(to);
	return { bytes, sha256: hash.digest('hex') };
}

/**
 * fsync by path: it flushes the file (or folder: a rename or a new entry is durable only once
 * its directory is on disk too), whichever descriptor wrote to it.
 */
export async function fsyncPath(file: string): Promise<void> {
	const handle = await fsp.open(file, 'r');
	try {
		await handle.sync();
	} finally {
		await handle.close();
	}
}

/** Writes a small file durably. */
export async function writeDurably(file: string, data: string): Promise<void> {
	const handle = await fsp.open(file, 'wx', PRIVATE_FILE);
	try {
		await handle.writeFile(data);
		await handle.sync();
	} finally {
		await handle.close();
	}
}

/** Runs `work` over `items` with at most `limit` at a time; the first failure rejects. */
export async function eachLimited<T>(
	items: T[],
	limit: number,
	work: (item: T) => Promise<void>
): Promise<void> {
	let next = 0;
	const lanes = Array.from({ length: Math.min(limit, items.length) }, async () => {
		while (next < items.length) {
			await work(items[next++]);
		}
	});
	await Promise.all(lanes);
}

export function isMissing(e: unknown): boolean {
	return (e as NodeJS.ErrnoException | null)?.code === 'ENOENT';
}
