import { Readable } from 'node:stream';
import { and, eq } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { photoVariant, type Photo } from '../../db/schema';
import type { BlobStore } from '../../storage/blob-store';
import { fullSizeFile } from './full-size-file';

/**
 * `full.jpg` (the photo at full resolution, made from the original without its metadata) or
 * `<width>.<format>` → what to send. The uploaded bytes themselves are never served: they
 * carry the camera's EXIF and often GPS.
 */
export function resolveFile(db: Db, p: Photo, file: string) {
	const safeName = `photo-${p.takenOn}-${p.view}`;
	if (file === 'full.jpg') {
		return { full: true as const, name: `${safeName}-full.jpg` };
	}
	const m = /^(\d{2,4})\.(webp|avif)$/.exec(file);
	if (!m) {
		return null;
	}
	const v = db
		.select()
		.from(photoVariant)
		.where(
			and(
				eq(photoVariant.photoId, p.id),
				eq(photoVariant.width, Number(m[1])),
				eq(photoVariant.format, m[2] as 'webp' | 'avif')
			)
		)
		.get();
	return v
		? {
				full: false as const,
				key: v.key,
				type: `image/${v.format}`,
				name: `${safeName}-${v.width}.${v.format}`
			}
		: null;
}

/**
 * The full-size photo (upright, sRGB, no metadata): made from the original once, on the first
 * request, and read from its file after that. `owner` queues the making behind the asker's
 * own other heavy work.
 */
export async function fullSizeResponse(
	db: Db,
	store: BlobStore,
	p: Photo,
	name: string,
	owner: string
) {
	const file = await fullSizeFile(db, store, p, owner);
	return file && privateImageResponse(store, { key: file.key, type: 'image/jpeg', name });
}

/** A private image response: never cached by anyone but this browser tab, never sniffed. */
export async function privateImageResponse(
	store: BlobStore,
	f: { key: string; type: string; name: string }
) {
	const size = await store.size(f.key);
	if (size === null) {
		return null;
	}
	return new Response(Readable.toWeb(store.stream(f.key)) as ReadableStream, {
		headers: privateHeaders({ type: f.type, name: f.name, size })
	});
}

function privateHeaders(f: { type: string; name: string; size: number }) {
	return {
		'Content-Type': f.type,
		'Content-Length': String(f.size),
		'Cache-Control': 'private, no-store',
		'X-Content-Type-Options': 'nosniff',
		'Content-Disposition': `inline; filename="${f.name}"`,
		'Cross-Origin-Resource-Policy': 'same-origin'
	};
}
