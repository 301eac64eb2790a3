import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { assertKey, type BlobStore } from './blob-store';
import { mkdirPrivate, PRIVATE_FILE, restrictFolder } from './private-files';

/** Files under one root folder; writes go to a temp file, are fsynced, then renamed. */
export class LocalDiskStore implements BlobStore {
	private rootReady: Promise<void> | undefined;

	constructor(readonly root: string) {}

	/** Every folder below is made owner-only; the root too, if an older version made it. */
	private mkdir(dir: string): Promise<void> {
		this.rootReady ??= mkdirPrivate(this.root).then(() => restrictFolder(this.root));
		return this.rootReady.then(() => mkdirPrivate(dir));
	}

	private file(key: string): string {
		assertKey(key);
		return path.join(this.root, key);
	}

	localPath(key: string): string {
		return this.file(key);
	}

	async put(key: string, data: Uint8Array | Readable): Promise<{ bytes: number }> {
		const target = this.file(key);
		const dir = path.dirname(target);
		await this.mkdir(dir);
		const temp = path.join(dir, `.tmp-${crypto.randomUUID()}`);
		try {
			const handle = await fsp.open(temp, 'wx', PRIVATE_FILE);
			let bytes = 0;
			try {
				if (data instanceof Uint8Array) {
					await handle.writeFile(data);
					bytes = data.byteLength;
				} else {
					const out = handle.createWriteStream({ autoClose: false });
					await pipeline(data, out);
					bytes = out.bytesWritten;
				}
				await handle.sync();
			} finally {
				await handle.close();
			}
			await fsp.rename(temp, target);
			await syncDir(dir);
			return { bytes };
		} catch (e) {
			await fsp.rm(temp, { force: true });
			throw e;
		}
	}

	tempDir(): string {
		return path.join(this.root, 'tmp');
	}

	async adopt(tempPath: string, key: string): Promise<void> {
		const target = this.file(key);
		const handle = await fsp.open(tempPath, 'r');
		try {
			await handle.sync();
		} finally {
			await handle.close();
		}
		await this.mkdir(path.dirname(target));
		await fsp.rename(tempPath, target);
		await syncDir(path.dirname(target));
	}

	read(key: string): Promise<Buffer> {
		return fsp.readFile(this.file(key));
	}

	stream(key: string): Readable {
		return fs.createReadStream(this.file(key));
	}

	async size(key: string): Promise<number | null> {
		try {
			return (await fsp.stat(this.file(key))).size;
		} catch {
			return null;
		}
	}

	async delete(key: string): Promise<void> {
		await fsp.rm(this.file(key), { force: true });
	}

	async *list(prefix: string): AsyncIterable<{ key: string; modifiedAt: Date }> {
		const base = path.join(this.root, prefix);
		let entries: fs.Dirent[];
		try {
			entries = await fsp.readdir(base, { withFileTypes: true, recursive: true });
		} catch {
			return;
		}
		for (const entry of entries) {
			if (!entry.isFile()) {
				continue;
			}
			const full = path.join(entry.parentPath, entry.name);
			const stat = await fsp.stat(full).catch(() => null);
			if (stat) {
				yield {
					key: path.relative(this.root, full).split(path.sep).join('/'),
					modifiedAt: stat.mtime
				};
			}
		}
	}
}

/** A rename is durable only once its directory entry is on disk too. */
async function syncDir(dir: string): Promise<void> {
	const handle = await fsp.open(dir, 'r');
	try {
		await handle.sync();
	} finally {
		await handle.close();
	}
}
