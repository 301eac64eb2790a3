import type { RequestHandler } from './$types';
import { robotsTxt } from '$lib/server/gallery/sitemap';

export const GET: RequestHandler = ({ url }) =>
	new Response(robotsTxt(url.origin), {
		headers: {
			'Content-Type': 'text/plain; charset=utf-8',
			'Cache-Control': 'public, max-age=86400'
		}
	});
