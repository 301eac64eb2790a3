import { Readable } from 'node:stream';
import type { RequestHandler } from './$types';
import { getStore } from '$lib/server/storage';
import { notFound } from '$lib/server/auth/guard';
import { isCurrentLogo, logoBlobKey } from '$lib/server/clinic/brand';

// A clinic's logo is public (it heads the clinic's public pages and emails). Each upload gets
// a new random key, so a file never changes under its URL and may be cached for a year; a
// replaced or removed logo is 404 on the next request.
export const GET: RequestHandler = async ({ params, locals }) => {
	const key = params.file.endsWith('.webp') ? params.file.slice(0, -'.webp'.length) : '';
	if (!isCurrentLogo(locals.db, key)) {
		notFound();
	}
	const store = getStore();
	const size = await store.size(logoBlobKey(key));
	if (size === null) {
		notFound();
	}
	return new Response(Readable.toWeb(store.stream(logoBlobKey(key))) as ReadableStream, {
		headers: {
			'Content-Type': 'image/webp',
			'Content-Length': String(size),
			'Cache-Control': 'public, max-age=31536000, immutable',
			'X-Content-Type-Options': 'nosniff'
		}
	});
};
