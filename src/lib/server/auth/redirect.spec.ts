import { describe, expect, it } from 'vitest';
import { nextPathFrom, safeNextPath } from './redirect';

const ORIGIN = 'https://clinic.example';
const HOME = '/home';
const next = (target: string | null) => safeNextPath(target, ORIGIN, HOME);

/**
 * Where a browser goes with this `Location` header, seen from the page that sent it: the
 * test's own model of the attack, independent of the code under test.
 */
function browserLands(location: string): URL {
	return new URL(location, `${ORIGIN}/login?next=x`);
}

/** What every answer must be, whatever went in. */
function expectStaysHome(location: string) {
	expect(location).toMatch(/^\/(?![/\\])/);
	// eslint-disable-next-line no-control-regex -- control characters are exactly what must not go out
	expect(location).not.toMatch(/[\u0000-\u001f\u007f\\]/);
	const landed = browserLands(location);
	expect(landed.origin).toBe(ORIGIN);
	expect(landed.pathname).not.toMatch(/^\/[/\\]/);
	// the answer is already the resolved path: following it again changes nothing
	expect(next(location)).toBe(location);
}

describe('safeNextPath', () => {
	it.each([
		['/clinic/patients?q=ann', '/clinic/patients?q=ann'],
		['/me#compare', '/me#compare'],
		['/clinic/../me', '/me'],
		['/me/./compare', '/me/compare'],
		['/me/%2e/compare', '/me/compare'],
		['/me/%2E%2E/clinic', '/clinic'],
		['/login?next=%2F%2Fevil.example', '/login?next=%2F%2Fevil.example'],
		// encoded slashes and backslashes stay encoded: a path segment, never a separator
		['/me/%2fx', '/me/%2fx'],
		['/%5cevil.example', '/%5cevil.example'],
		['/%252e%252e/x', '/%252e%252e/x']
	])('follows same-origin path %j as %j', (target, expected) => {
		expect(next(target)).toBe(expected);
		expectStaysHome(expected);
	});

	it('keeps encoded characters encoded (never decoded into a header)', () => {
		expect(next('/%0d%0aSet-Cookie:x')).toBe('/%0d%0aSet-Cookie:x');
	});

	it('refuses even a same-origin absolute URL: the app only ever writes paths', () => {
		expect(next(`${ORIGIN}/me?x=1`)).toBe(HOME);
	});

	const refused: [string, string][] = [
		// the reported one and its dot-segment relatives: each resolves to a path `//evil…`
		['dot segment', '/.//evil.example'],
		['dot segment', '/./%2e//evil.example'],
		['dot segment', '/..//evil.example'],
		['dot segment', '/../..//evil.example'],
		['dot segment', '/a/..//evil.example'],
		['dot segment', '/a/b/../..//evil.example'],
		['dot segment', '/a/.././/evil.example'],
		['dot segment', '/.//evil.example/%2e%2e'],
		// percent-encoded dots are dot segments to a URL parser
		['%2e', '/%2e//evil.example'],
		['%2e', '/%2E//evil.example'],
		['%2e', '/%2e%2e//evil.example'],
		['%2e', '/%2E%2E//evil.example'],
		['%2e', '/.%2e//evil.example'],
		['%2e', '/%2e.//evil.example'],
		['%2e', '/a/%2e%2e//evil.example'],
		['%2e', '/a/%2E%2e/%2e//evil.example'],
		// backslashes are slashes in http(s) URLs
		['backslash', '/\\evil.example'],
		['backslash', '\\\\evil.example'],
		['backslash', '\\/evil.example'],
		['backslash', '/.\\/evil.example'],
		['backslash', '/./\\evil.example'],
		['backslash', '/a/..\\\\evil.example'],
		['backslash', '/%2e\\\\evil.example'],
		['backslash', '/\\/evil.example'],
		// control characters: tabs and newlines vanish inside URLs, others are stripped at the ends
		['tab', '/\t/evil.example'],
		['tab', '/.\t//evil.example'],
		['CR', '/\r/evil.example'],
		['LF', '/\n/evil.example'],
		['CRLF', '/\r\n/evil.example'],
		['LF', '/x\nLocation: https://evil.example'],
		['NUL', '/\u0000/evil.example'],
		['NUL', '\u0000//evil.example'],
		['DEL', '/\u007f/evil.example'],
		['leading space', ' //evil.example'],
		['leading control', '\u0001//evil.example'],
		// absolute and scheme-relative
		['absolute', 'https://evil.example/'],
		['absolute', 'http://evil.example/me'],
		['absolute', 'HTTPS://evil.example'],
		['absolute', 'https:evil.example'],
		['absolute', 'http:evil.example'],
		['absolute', 'http:/evil.example'],
		['absolute', 'https://clinic.example@evil.example/'],
		['absolute', 'javascript:alert(1)'],
		['absolute', 'JavaScript:alert(document.domain)//'],
		['absolute', 'data:text/html,<script>alert(1)</script>'],
		['absolute', 'ftp://evil.example'],
		['scheme-relative', '//evil.example/x'],
		['scheme-relative', '///evil.example'],
		['scheme-relative', '////evil.example'],
		['scheme-relative', '//evil.example'],
		['scheme-relative', '//clinic.example@evil.example'],
		// not a path at all
		['relative', 'clinic'],
		['relative', 'evil.example'],
		['relative', './/evil.example'],
		['relative', '?x=1'],
		['relative', '#x'],
		['empty', ''],
		['too long', '/' + 'x'.repeat(3000)]
	];
	it.each(refused)('refuses %s %j', (_, target) => {
		expect(next(target)).toBe(HOME);
	});

	it('refuses nothing given', () => {
		expect(next(null)).toBe(HOME);
		expect(safeNextPath(undefined, ORIGIN, HOME)).toBe(HOME);
	});

	it('refuses a `next` that was itself percent-encoded once more than the query needs', () => {
		// `?next=%252F%252Fevil` arrives as `%2F%2Fevil`: not a path
		expect(next('%2F%2Fevil.example')).toBe(HOME);
		expect(next('%2f.%2fevil.example')).toBe(HOME);
	});

	/**
	 * Every way of writing "a slash, something that a parser may drop or turn into a slash, a
	 * slash" in front of a host: whatever comes out must keep the browser on the origin.
	 */
	it('keeps every combination of separators and segments on the origin', () => {
		const separators = ['/', '\\', '%2f', '%2F', '%5c', '%5C', '%252f', '\t', '\n', '\r', ''];
		const segments = [
			'',
			'.',
			'..',
			'%2e',
			'%2E',
			'%2e%2e',
			'.%2E',
			'%252e',
			'a/..',
			'a/%2e%2e',
			'\u0000',
			'\u007f',
			'\t',
			' '
		];
		let followed = 0;
		let tried = 0;
		for (const a of separators) {
			for (const seg of segments) {
				for (const b of separators) {
					for (const c of separators) {
						const target = `/${a}${seg}${b}${c}evil.example/x`;
						const out = next(target);
						tried++;
						if (out !== HOME) {
							followed++;
							expectStaysHome(out);
						}
					}
				}
			}
		}
		expect(tried).toBeGreaterThan(1500);
		// the rule still follows the harmless ones: it is not "refuse everything"
		expect(followed).toBeGreaterThan(100);
	});
});

describe('nextPathFrom', () => {
	it('reads `next` from the request URL and resolves it against that origin', () => {
		const url = (query: string) => new URL(`${ORIGIN}/login${query}`);
		expect(nextPathFrom(url('?next=%2Fclinic%2Fpatients'), HOME)).toBe('/clinic/patients');
		expect(nextPathFrom(url('?next=/.//evil.example'), HOME)).toBe(HOME);
		expect(nextPathFrom(url('?next=%2F%2E%2F%2Fevil.example'), HOME)).toBe(HOME);
		expect(nextPathFrom(url(''), HOME)).toBe(HOME);
	});
});
