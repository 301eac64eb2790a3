import type { RequestHandler } from './$types';
import { getDb } from '$lib/server/db/client';
import { sitemapEntries } from '$lib/server/gallery/public';
import { sitemapXml } from '$lib/server/gallery/sitemap';

export const GET: RequestHandler = ({ url }) =>
	new Response(sitemapXml(url.origin, sitemapEntries(getDb())), {
		headers: {
			'Content-Type': 'application/xml; charset=utf-8',
			// crawlers come rarely; a withdrawn case drops out within the hour at worst
			'Cache-Control': 'public, max-age=3600'
		}
	});
