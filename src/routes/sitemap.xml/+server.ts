import type { RequestHandler } from './$types';
import { sitemapEntries } from '$lib/server/gallery/public';
import { sitemapXml } from '$lib/server/gallery/sitemap';

export const GET: RequestHandler = ({ url, locals }) =>
	new Response(sitemapXml(url.origin, sitemapEntries(locals.db)), {
		headers: {
			'Content-Type': 'application/xml; charset=utf-8',
			// crawlers come rarely; a withdrawn case drops out within the hour at worst
			'Cache-Control': 'public, max-age=3600'
		}
	});
