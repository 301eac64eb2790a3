import { createHash } from 'node:crypto';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import busboy from 'busboy';
import { SNIFF_BYTES } from './sniff';

export interface ReceivedFile {
	field: string;
	/** the name the client gave, for messages only; never used to build a path */
	clientName: string;
	tempPath: string;
	bytes: number;
	sha256: string;
	head: Buffer;
	tooLarge: boolean;
}

export interface Received {
	fields: Record<string, string>;
	files: ReceivedFile[];
	/** removes every temp file that was not moved into the store */
	cleanup(): Promise<void>;
}

export class MultipartError extends Error {}

export const MAX_FILES_PER_REQUEST = 10;
/**
 * How much of an upload may sit in memory between the socket and the temp file. With the
 * stream defaults (16 KB) every 64 KB read waits for a disk write to come back through the
 * thread pool, one event-loop turn each: under load a 12 MP photo took ~20 s to arrive.
 */
const BUFFER_BYTES = 1024 * 1024;

/**
 * Streams a multipart body to temp files: nothing is held in memory beyond a chunk, the
 * SHA-256 and the first bytes (for sniffing) are taken on the way, and a file over the byte
 * limit stops being written the moment it crosses it.
 */
export async function receiveMultipart(
	request: Request,
	opts: { tempDir: string; limitBytes: number }
): Promise<Received> {
	const type = request.headers.get('content-type') ?? '';
	if (!type.toLowerCase().startsWith('multipart/form-data') || !request.body) {
		await discard(request.body);
		throw new MultipartError('Send the photos as multipart/form-data.');
	}
	await fsp.mkdir(opts.tempDir, { recursive: true, mode: 0o700 });
	const fields: Record<string, string> = {};
	const files: ReceivedFile[] = [];
	const writes: Promise<void>[] = [];
	// A write stream destroyed before its file opened still creates the file afterwards: the
	// temp files are removed only once every stream has closed, or one can outlive the answer.
	const closed: Promise<void>[] = [];
	const cleanup = async () => {
		await Promise.all(files.map((f) => fsp.rm(f.tempPath, { force: true })));
	};

	let parser: busboy.Busboy;
	try {
		parser = busboy({
			headers: { 'content-type': type },
			// Browsers send file names as raw UTF-8; busboy's default (latin1) turns "Zoë" into "ZoÃ«".
			defParamCharset: 'utf8',
			limits: {
				fileSize: opts.limitBytes,
				files: MAX_FILES_PER_REQUEST,
				fields: 50,
				fieldSize: 4096,
				parts: MAX_FILES_PER_REQUEST + 50
			}
		});
	} catch {
		await discard(request.body);
		throw new MultipartError(
			'The upload is not valid multipart/form-data (its boundary is missing or malformed).'
		);
	}
	// busboy skips the parts past the limit without a word: the uploader must hear of it.
	let tooManyFiles = false;
	parser.on('filesLimit', () => (tooManyFiles = true));
	parser.on('field', (name, value) => {
		if (!(name in fields)) {
			fields[name] = value;
		}
	});
	parser.on('file', (field, stream, info) => {
		const file: ReceivedFile = {
			field,
			clientName: info.filename ?? '',
			tempPath: path.join(opts.tempDir, `${crypto.randomUUID()}.upload`),
			bytes: 0,
			sha256: '',
			head: Buffer.alloc(0),
			tooLarge: false
		};
		files.push(file);
		const hash = createHash('sha256');
		const heads: Buffer[] = [];
		let headBytes = 0;
		const tap = new Transform({
			highWaterMark: BUFFER_BYTES,
			transform(chunk: Buffer, _enc, done) {
				hash.update(chunk);
				file.bytes += chunk.length;
				if (headBytes < SNIFF_BYTES) {
					heads.push(chunk.subarray(0, SNIFF_BYTES - headBytes));
					headBytes += heads.at(-1)!.length;
				}
				done(null, chunk);
			}
		});
		stream.on('limit', () => (file.tooLarge = true));
		const out = fs.createWriteStream(file.tempPath, { mode: 0o600, highWaterMark: BUFFER_BYTES });
		closed.push(new Promise((resolve) => out.once('close', () => resolve())));
		const written = pipeline(stream, tap, out).then(() => {
			file.sha256 = hash.digest('hex');
			file.head = Buffer.concat(heads);
		});
		// A malformed body fails this write while the body is still being read: marked handled
		// here, awaited below, so it never surfaces as an unhandled rejection.
		written.catch(() => {});
		writes.push(written);
	});

	try {
		await parse(
			Readable.fromWeb(request.body as import('node:stream/web').ReadableStream, {
				highWaterMark: BUFFER_BYTES
			}),
			parser
		);
		await Promise.all(writes);
	} catch (e) {
		await Promise.allSettled(writes);
		await Promise.all(closed);
		await cleanup();
		if (e instanceof Error && /limit|Unexpected end|Malformed/i.test(e.message)) {
			throw new MultipartError('The upload was cut off or malformed; try again.');
		}
		throw new MultipartError('The upload could not be read; try again.');
	}
	if (tooManyFiles) {
		await cleanup();
		throw new MultipartError(
			`Upload at most ${MAX_FILES_PER_REQUEST} photos at a time; none of these was saved.`
		);
	}
	return { fields, files, cleanup };
}

/**
 * Feeds the body to busboy. When busboy gives up on a malformed body the rest is still read
 * and dropped before the answer: an answer sent while the client is still sending makes the
 * connection close under it, and the client sees a reset instead of our 400.
 */
function parse(body: Readable, parser: busboy.Busboy): Promise<void> {
	return new Promise((resolve, reject) => {
		body.once('error', reject); // the client went away
		parser.once('close', resolve);
		parser.once('error', (e: Error) => {
			if (body.readableEnded) {
				reject(e);
				return;
			}
			body.unpipe(parser);
			body.once('end', () => reject(e));
			body.resume();
		});
		body.pipe(parser);
	});
}

async function discard(body: ReadableStream<Uint8Array> | null): Promise<void> {
	try {
		for await (const chunk of body ?? []) {
			void chunk;
		}
	} catch {
		// a body that breaks off is dropped all the same
	}
}
