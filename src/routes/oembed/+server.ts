import { error, json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { caseOEmbed } from '$lib/server/gallery/oembed';

// oEmbed (https://oembed.com) for the public case pages, which name this in a discovery link:
// as public as the case itself, and unknown to it the moment the case is withdrawn.
export const GET: RequestHandler = ({ url, locals }) => {
	const format = url.searchParams.get('format') ?? 'json';
	if (format !== 'json') {
		error(501, 'Only the json format is provided.');
	}
	const found = caseOEmbed(locals.db, url.origin, url.searchParams.get('url') ?? '', {
		width: url.searchParams.get('maxwidth'),
		height: url.searchParams.get('maxheight')
	});
	if (!found) {
		error(404, 'No public case at that address.');
	}
	return json(found, { headers: { 'cache-control': 'no-cache' } });
};
