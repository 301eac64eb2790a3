/** sitemap.xml and robots.txt: what search engines may index, and what they should leave. */

export interface SitemapEntry {
	slug: string;
	caseId: string;
	publishedAt: Date | null;
}

const escapeXml = (s: string) =>
	s.replace(
		/[<>&'"]/g,
		(c) => `&${{ '<': 'lt', '>': 'gt', '&': 'amp', "'": 'apos', '"': 'quot' }[c]};`
	);

/** Every clinic that has a public case (its landing page and gallery) and every such case. */
export function sitemapXml(origin: string, entries: SitemapEntry[]): string {
	const urls: { loc: string; lastmod: Date | null }[] = [];
	const latest = new Map<string, Date | null>();
	for (const e of entries) {
		const seen = latest.get(e.slug);
		if (!latest.has(e.slug) || (e.publishedAt && (!seen || e.publishedAt > seen))) {
			latest.set(e.slug, e.publishedAt);
		}
	}
	for (const [slug, lastmod] of latest) {
		urls.push({ loc: `${origin}/c/${slug}`, lastmod });
		urls.push({ loc: `${origin}/c/${slug}/gallery`, lastmod });
	}
	for (const e of entries) {
		urls.push({ loc: `${origin}/c/${e.slug}/cases/${e.caseId}`, lastmod: e.publishedAt });
	}
	const body = urls
		.map(
			(u) =>
				`<url><loc>${escapeXml(u.loc)}</loc>` +
				(u.lastmod ? `<lastmod>${u.lastmod.toISOString()}</lastmod>` : '') +
				'</url>'
		)
		.join('\n');
	return `<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n${body}\n</urlset>\n`;
}

// Private areas answer 404 or a sign-in page anyway; this keeps crawlers from trying. Rules
// match by prefix, so the patient area is `/me/` and `/me$`: a bare `/me` would also shut out
// /media/public.
const PRIVATE = [
	'/clinic',
	'/me$',
	'/me/',
	'/media/private',
	'/api',
	'/login',
	'/logout',
	'/invite',
	'/setup',
	'/account'
];

export function robotsTxt(origin: string): string {
	return [
		'# The public gallery lives under /c/; everything else is behind sign-in.',
		'User-agent: *',
		'Allow: /c/',
		'Allow: /media/public/',
		...PRIVATE.map((p) => `Disallow: ${p}`),
		'',
		`Sitemap: ${origin}/sitemap.xml`,
		''
	].join('\n');
}
