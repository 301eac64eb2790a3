import type { FileHandle } from 'node:fs/promises';

/** Random access to a file's bytes; a buffer is its own source. */
export interface ByteSource {
	readonly size: number;
	/** up to `length` bytes from `at` (fewer only at the end of the file) */
	read(at: number, length: number): Promise<Buffer>;
}

export function bufferSource(bytes: Buffer): ByteSource {
	return { size: bytes.length, read: async (at, length) => bytes.subarray(at, at + length) };
}

const WINDOW = 64 * 1024;

/**
 * A file read through one 64 KB window: walking a structure reads each byte at most about
 * once and holds no more than the window, however large the file.
 */
export function fileSource(file: FileHandle, size: number): ByteSource {
	let start = 0;
	let window = Buffer.alloc(0);
	return {
		size,
		async read(at, length) {
			if (at < start || at + length > start + window.length) {
				if (length > WINDOW) {
					const buffer = Buffer.alloc(Math.min(length, Math.max(0, size - at)));
					const { bytesRead } = await file.read(buffer, 0, buffer.length, at);
					return buffer.subarray(0, bytesRead);
				}
				const buffer = Buffer.alloc(Math.min(WINDOW, Math.max(0, size - at)));
				const { bytesRead } = await file.read(buffer, 0, buffer.length, at);
				start = at;
				window = buffer.subarray(0, bytesRead);
			}
			return window.subarray(at - start, at - start + length);
		}
	};
}
