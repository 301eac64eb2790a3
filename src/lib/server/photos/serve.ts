import { Readable } from 'node:stream';
import { and, eq } from 'drizzle-orm';
import type { Db } from '../db/client';
import { photoVariant, type Photo } from '../db/schema';
import type { BlobStore } from '../storage/blob-store';

const EXTENSIONS: Record<string, string> = {
	'image/jpeg': 'jpg',
	'image/png': 'png',
	'image/webp': 'webp',
	'image/avif': 'avif',
	'image/heic': 'heic'
};

/** `original` or `<width>.<format>` → the stored file, its type and a download name. */
export function resolveFile(db: Db, p: Photo, file: string) {
	const safeName = `photo-${p.takenOn}-${p.view}`;
	if (file === 'original') {
		return {
			key: p.originalKey,
			type: p.originalType,
			name: `${safeName}-original.${EXTENSIONS[p.originalType] ?? 'bin'}`
		};
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
		? { key: v.key, type: `image/${v.format}`, name: `${safeName}-${v.width}.${v.format}` }
		: null;
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
		headers: {
			'Content-Type': f.type,
			'Content-Length': String(size),
			'Cache-Control': 'private, no-store',
			'X-Content-Type-Options': 'nosniff',
			'Content-Disposition': `inline; filename="${f.name}"`,
			'Cross-Origin-Resource-Policy': 'same-origin'
		}
	});
}
