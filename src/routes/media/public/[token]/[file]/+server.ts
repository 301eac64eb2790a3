import { Readable } from 'node:stream';
import type { RequestHandler } from './$types';
import { getStore } from '$lib/server/storage';
import { notFound } from '$lib/server/auth/guard';
import { publicImageFile } from '$lib/server/gallery/public';

// A public image never changes under its URL (a re-publish makes new tokens), so browsers
// and CDNs may keep it for a year. Withdrawal deletes the row first: the next request is 404.
export const GET: RequestHandler = async ({ params, locals }) => {
	const file = publicImageFile(locals.db, params.token, params.file);
	if (!file) {
		notFound();
	}
	const store = getStore();
	const size = await store.size(file.key);
	if (size === null) {
		notFound();
	}
	return new Response(Readable.toWeb(store.stream(file.key)) as ReadableStream, {
		headers: {
			'Content-Type': file.type,
			'Content-Length': String(size),
			'Cache-Control': 'public, max-age=31536000, immutable',
			'X-Content-Type-Options': 'nosniff'
		}
	});
};
