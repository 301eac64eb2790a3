import { describe, expect, it } from 'vitest';
import { robotsTxt, sitemapXml } from './sitemap';

describe('sitemapXml', () => {
	it('lists each clinic once with its newest case as lastmod, then every case', () => {
		const xml = sitemapXml('https://clinic.example', [
			{ slug: 'demo', caseId: 'b', publishedAt: new Date('2026-03-02T10:00:00Z') },
			{ slug: 'demo', caseId: 'a', publishedAt: new Date('2026-01-05T10:00:00Z') },
			{ slug: 'other', caseId: 'c', publishedAt: null }
		]);
		const locs = [...xml.matchAll(/<loc>(.*?)<\/loc>/g)].map((m) => m[1]);
		expect(locs).toEqual([
			'https://clinic.example/c/demo',
			'https://clinic.example/c/demo/gallery',
			'https://clinic.example/c/other',
			'https://clinic.example/c/other/gallery',
			'https://clinic.example/c/demo/cases/b',
			'https://clinic.example/c/demo/cases/a',
			'https://clinic.example/c/other/cases/c'
		]);
		expect(xml).toContain(
			'<url><loc>https://clinic.example/c/demo</loc><lastmod>2026-03-02T10:00:00.000Z</lastmod></url>'
		);
		expect(xml).toContain('<url><loc>https://clinic.example/c/other</loc></url>');
	});

	it('is an empty but valid set when nothing is public', () => {
		expect(sitemapXml('http://x', [])).toBe(
			'<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n\n</urlset>\n'
		);
	});
});

describe('robotsTxt', () => {
	it('allows the gallery, keeps crawlers out of private areas and names the sitemap', () => {
		const txt = robotsTxt('https://clinic.example');
		expect(txt).toContain('Allow: /c/\n');
		for (const p of ['/clinic', '/me$', '/me/', '/media/private', '/api', '/login']) {
			expect(txt).toContain(`Disallow: ${p}\n`);
		}
		expect(txt).not.toMatch(/^Disallow: \/me\n/m);
		expect(txt).toContain('Sitemap: https://clinic.example/sitemap.xml\n');
	});
});
