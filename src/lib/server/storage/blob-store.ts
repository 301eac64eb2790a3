import type { Readable } from 'node:stream';

/**
 * Where photo bytes live. Keys are relative paths like `originals/ab/abcd…` or
 * `public/xyz.webp`; the local-disk store is the first implementation, S3 can follow.
 */
export interface BlobStore {
	/** Writes atomically and durably: after it resolves the whole file is on disk or nothing is. */
	put(key: string, data: Uint8Array | Readable): Promise<{ bytes: number }>;
	/** Moves a finished temp file (from tempDir()) into place, durably, without copying. */
	adopt(tempPath: string, key: string): Promise<void>;
	/** A folder on the same filesystem for uploads in progress. */
	tempDir(): string;
	read(key: string): Promise<Buffer>;
	stream(key: string): Readable;
	size(key: string): Promise<number | null>;
	delete(key: string): Promise<void>;
	/** Every file under a prefix with its age, for the sweep of files that lost their row. */
	list(prefix: string): AsyncIterable<{ key: string; modifiedAt: Date }>;
	/** A local path for tools that need one (sharp, libheif); null for remote stores. */
	localPath(key: string): string | null;
}

const KEY = /^(?!.*\.\.)[a-z0-9][a-z0-9/_.-]{0,200}$/;

/** Keys are made by our code, never from user input; this guard keeps it that way. */
export function assertKey(key: string): void {
	if (!KEY.test(key) || key.includes('//') || key.endsWith('/')) {
		throw new Error(`Invalid blob key: ${JSON.stringify(key)}`);
	}
}
