import { once } from 'node:events';
import { PassThrough } from 'node:stream';
import { finished } from 'node:stream/promises';
import { and, eq, isNull } from 'drizzle-orm';
import { ZipFile } from 'yazl';
import type { Db } from '../../db/client';
import { photo, type Photo } from '../../db/schema';
import type { BlobStore } from '../../storage/blob-store';
import { archivePlan, notIncluded, type ArchiveEntry } from './export-plan';
import { fullSizeFile } from '../serve/full-size-file';

export interface ArchiveOptions {
	now?: Date;
	/** whose heavy image work the conversions queue behind (the downloading person) */
	owner?: string;
	/** Called after each photo is converted (or failed to be), for logs and tests. */
	onProgress?: (done: number, total: number) => void;
}

export interface PhotoArchive {
	/** The ZIP, made while it is read; cancelling it stops the work. */
	stream: ReadableStream<Uint8Array>;
	photoCount: number;
	fileName: string;
}

/** A small file made before the archive starts (a README, a summary), placed before the photos. */
export interface LeadingFile {
	name: string;
	data: Buffer;
	/** text compresses well; JPEGs are stored as they are */
	compress?: boolean;
}

/**
 * A patient's ready photos as a ZIP of full-size, metadata-free JPEGs plus a README, made from
 * the originals one photo ahead of what the reader has taken: memory holds the JPEG being sent
 * and the next one (or its decode), whatever the number of photos. Entries are stored, not
 * deflated — JPEG does not compress further. The caller has decided that the patient may have it.
 */
export function photoArchive(
	db: Db,
	store: BlobStore,
	patientId: string,
	opts: ArchiveOptions = {}
): PhotoArchive {
	const now = opts.now ?? new Date();
	const { entries, readme, madeOn } = archivePlan(db, patientId, now);
	return {
		stream: archiveStream(db, store, [{ name: 'README.txt', data: readme }], entries, {
			...opts,
			now,
			owner: opts.owner ?? patientId
		}),
		photoCount: entries.length,
		fileName: `resurface-photos-${madeOn}.zip`
	};
}

/**
 * The files given, then each photo's full-size JPEG, as one streamed ZIP: the photo archive's
 * and the whole-record export's one way of handing over photos. The caller has planned the
 * entries (archivePlan) and decided that the reader may have them.
 */
export function archiveStream(
	db: Db,
	store: BlobStore,
	leading: LeadingFile[],
	entries: ArchiveEntry[],
	opts: ArchiveOptions & { now: Date; owner: string }
): ReadableStream<Uint8Array> {
	const now = opts.now;
	const zip = new ZipFile();
	// yazl types it as a plain readable; it is a PassThrough, whose writable side shows backpressure.
	const out = zip.outputStream as PassThrough;
	const abort = new AbortController();
	zip.on('error', (e: Error) => {
		abort.abort();
		out.destroy(e);
	});

	const run = async () => {
		for (const f of leading) {
			zip.addBuffer(f.data, f.name, { compress: f.compress ?? false, mtime: now });
		}
		const missing: string[] = [];
		let converted = 0;
		const jpegOf = async (e: ArchiveEntry) => {
			const jpeg = await convert(db, store, e.photo, opts.owner);
			opts.onProgress?.(++converted, entries.length);
			return jpeg;
		};
		let next = entries.length ? jpegOf(entries[0]) : null;
		for (let i = 0; i < entries.length; i++) {
			const jpeg = await next;
			if (abort.signal.aborted) {
				return;
			}
			// The next photo is converted while this one is sent.
			next = i + 1 < entries.length ? jpegOf(entries[i + 1]) : null;
			if (Buffer.isBuffer(jpeg)) {
				await addJpeg(zip, entries[i], jpeg, abort.signal);
			} else if (jpeg === 'failed') {
				missing.push(entries[i].name);
			}
		}
		if (missing.length) {
			zip.addBuffer(notIncluded(missing), 'NOT-INCLUDED.txt', { compress: false, mtime: now });
		}
		zip.end();
	};

	const chunks = out[Symbol.asyncIterator]();
	let started = false;
	return new ReadableStream<Uint8Array>(
		{
			async pull(controller) {
				// Nothing is converted until the first read, so an unread archive costs nothing.
				if (!started) {
					started = true;
					run().catch((e: unknown) => {
						if (!abort.signal.aborted) {
							out.destroy(e instanceof Error ? e : new Error(String(e)));
						}
					});
				}
				const { value, done } = (await chunks.next()) as IteratorResult<Buffer>;
				if (done) {
					controller.close();
				} else {
					controller.enqueue(new Uint8Array(value.buffer, value.byteOffset, value.byteLength));
				}
			},
			async cancel() {
				// The reader went away (a closed tab, a dropped connection): stop converting.
				abort.abort();
				await chunks.return?.();
			}
		},
		// Pull only when the reader asks, so the ZIP is made no faster than it is taken.
		{ highWaterMark: 0 }
	);
}

/**
 * The photo's full-size JPEG (made once, kept with its variants), unless it was deleted
 * meanwhile or cannot be made (logged). Never rejects: the conversion ahead may be left
 * unawaited when the reader goes away.
 */
async function convert(
	db: Db,
	store: BlobStore,
	p: Photo,
	owner: string
): Promise<Buffer | 'deleted' | 'failed'> {
	try {
		const live = db
			.select({ id: photo.id })
			.from(photo)
			.where(and(eq(photo.id, p.id), isNull(photo.deletedAt)))
			.get();
		if (!live) {
			return 'deleted';
		}
		const file = await fullSizeFile(db, store, p, owner);
		if (!file) {
			throw new Error('The original is missing.');
		}
		return await store.read(file.key);
	} catch (error) {
		console.error(`photo archive: photo ${p.id} left out`, error);
		return 'failed';
	}
}

/**
 * Adds one photo and resolves once the reader has taken it. A stream entry, not addBuffer:
 * yazl keeps every entry it was given until the archive ends, and an added buffer with it (a
 * 12 MP photo is about 4 MB); this stream is empty once read.
 */
async function addJpeg(
	zip: ZipFile,
	e: ArchiveEntry,
	jpeg: Buffer,
	signal: AbortSignal
): Promise<void> {
	const source = new PassThrough();
	source.end(jpeg);
	zip.addReadStreamLazy(e.name, { compress: false, mtime: e.mtime, size: jpeg.length }, (cb) =>
		cb(null, source)
	);
	await finished(source, { signal });
	const out = zip.outputStream as PassThrough;
	while (out.writableNeedDrain) {
		await once(out, 'drain', { signal });
	}
}
