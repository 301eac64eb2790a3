import { describe, expect, it } from 'vitest';
import {
	caseLink,
	parseCaseLinkTemplate,
	parseEmbedOrigin,
	parseEmbedOrigins
} from './embed-settings';

const origin = (s: string) => parseEmbedOrigin(s);

describe('embed origins', () => {
	it('keeps https://host[:port], lowercased, without a trailing slash', () => {
		expect(origin('https://WWW.Example.com/')).toEqual({
			ok: true,
			value: 'https://www.example.com'
		});
		expect(origin(' https://clinic.example:8443 ')).toEqual({
			ok: true,
			value: 'https://clinic.example:8443'
		});
	});

	it('allows plain http only for this machine, with a port (browser tests)', () => {
		expect(origin('http://127.0.0.1:5174')).toEqual({ ok: true, value: 'http://127.0.0.1:5174' });
		expect(origin('http://localhost:8080')).toEqual({ ok: true, value: 'http://localhost:8080' });
		expect(origin('http://www.example.com').ok).toBe(false);
		expect(origin('http://127.0.0.1').ok).toBe(false);
		expect(origin('http://10.0.0.1:80').ok).toBe(false);
	});

	it.each([
		['https://*.example.com', /wildcard/],
		['https://www.example.com/gallery', /without a path/],
		['https://www.example.com?x=1', /without a path/],
		['https://user:pw@www.example.com', /without a path/],
		['www.example.com', /start with https/],
		['javascript://x', /only https/],
		['ftp://www.example.com', /only https/],
		['https://exa mple.com', /not a web address/],
		['https://www.example.com:443', /alone/]
	])('refuses %s', (input, why) => {
		const out = origin(input);
		expect(out.ok).toBe(false);
		expect(!out.ok && out.message).toMatch(why);
	});

	it('reads one a line (or comma separated), once each, at most 10', () => {
		expect(parseEmbedOrigins('https://a.example\n\nhttps://A.example/, https://b.example')).toEqual(
			{
				ok: true,
				value: ['https://a.example', 'https://b.example']
			}
		);
		expect(parseEmbedOrigins('  ')).toEqual({ ok: true, value: [] });
		const eleven = Array.from({ length: 11 }, (_, i) => `https://s${i}.example`).join('\n');
		const out = parseEmbedOrigins(eleven);
		expect(!out.ok && out.message).toMatch(/at most 10/);
		const bad = parseEmbedOrigins('https://a.example\nhttps://b.example/path');
		expect(!bad.ok && bad.message).toMatch(/^https:\/\/b\.example\/path: /);
	});
});

describe('case link template', () => {
	it('takes an https URL with {case} once; empty is none', () => {
		const t = 'https://www.example.com/results/{case}';
		expect(parseCaseLinkTemplate(` ${t} `)).toEqual({ ok: true, value: t });
		expect(parseCaseLinkTemplate('https://www.example.com/r?case={case}').ok).toBe(true);
		expect(parseCaseLinkTemplate('')).toEqual({ ok: true, value: null });
	});

	it.each([
		['https://www.example.com/results', /must contain \{case\}/],
		['https://www.example.com/{case}/{case}', /only once/],
		['http://www.example.com/{case}', /https/],
		['https://{case}.example.com/', /after the website address/],
		['not a url {case}', /not a web address/],
		['https://u:p@www.example.com/{case}', /user name/]
	])('refuses %s', (input, why) => {
		const out = parseCaseLinkTemplate(input);
		expect(out.ok).toBe(false);
		expect(!out.ok && out.message).toMatch(why);
	});

	it('puts the case id in its place', () => {
		expect(caseLink('https://www.example.com/results/{case}', 'abc_DEF-1')).toBe(
			'https://www.example.com/results/abc_DEF-1'
		);
	});
});
