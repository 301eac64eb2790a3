import { describe, expect, it } from 'vitest';
import { isCrossSiteWrite } from './csrf';

const url = new URL('https://clinic.example/clinic/patients');
const req = (method: string, headers: Record<string, string>) =>
	new Request(url, { method, headers, body: method === 'GET' ? undefined : '{}' });

describe('isCrossSiteWrite', () => {
	it('refuses a write from another origin, whatever the content type', () => {
		for (const type of ['application/json', 'TEXT/PLAIN', 'application/x-www-form-urlencoded']) {
			expect(
				isCrossSiteWrite(req('POST', { origin: 'https://evil.example', 'content-type': type }), url)
			).toBe(true);
		}
		for (const method of ['PUT', 'PATCH', 'DELETE']) {
			expect(isCrossSiteWrite(req(method, { origin: 'https://evil.example' }), url)).toBe(true);
		}
	});

	it('refuses the opaque "null" origin and a cross-site fetch without Origin', () => {
		expect(isCrossSiteWrite(req('POST', { origin: 'null' }), url)).toBe(true);
		expect(isCrossSiteWrite(req('POST', { 'sec-fetch-site': 'cross-site' }), url)).toBe(true);
		expect(isCrossSiteWrite(req('POST', { 'sec-fetch-site': 'same-site' }), url)).toBe(true);
	});

	it('lets same-origin writes, reads and non-browser clients through', () => {
		expect(isCrossSiteWrite(req('POST', { origin: 'https://clinic.example' }), url)).toBe(false);
		expect(isCrossSiteWrite(req('POST', { 'sec-fetch-site': 'same-origin' }), url)).toBe(false);
		expect(isCrossSiteWrite(req('POST', { 'content-type': 'application/json' }), url)).toBe(false);
		expect(isCrossSiteWrite(req('GET', { origin: 'https://evil.example' }), url)).toBe(false);
		// a port or scheme away is another origin
		expect(isCrossSiteWrite(req('POST', { origin: 'http://clinic.example' }), url)).toBe(true);
	});

	it('refuses a form body without Origin, as SvelteKit would, unless a bearer token carries it', () => {
		for (const type of [
			'multipart/form-data; boundary=x',
			'TEXT/PLAIN',
			'application/x-www-form-urlencoded'
		]) {
			expect(isCrossSiteWrite(req('POST', { 'content-type': type }), url)).toBe(true);
		}
		const api = new URL('https://clinic.example/api/v1/patients/p1/photos');
		const upload = (headers: Record<string, string>, at = api) =>
			new Request(at, { method: 'POST', headers, body: 'x' });
		const multipart = { 'content-type': 'multipart/form-data; boundary=x' };
		expect(isCrossSiteWrite(upload({ ...multipart, authorization: 'Bearer rsf_a.b' }), api)).toBe(
			false
		);
		// without the token, or on a page rather than the API, the rule holds
		expect(isCrossSiteWrite(upload(multipart), api)).toBe(true);
		expect(
			isCrossSiteWrite(upload({ ...multipart, authorization: 'Bearer rsf_a.b' }, url), url)
		).toBe(true);
		expect(isCrossSiteWrite(upload({ ...multipart, authorization: 'Basic YTpi' }), api)).toBe(true);
		// a browser's cross-site request is refused even with a token in it
		expect(
			isCrossSiteWrite(
				upload({ ...multipart, authorization: 'Bearer rsf_a.b', origin: 'https://evil.example' }),
				api
			)
		).toBe(true);
	});

	it('lets a mail client’s one-click unsubscribe through, and nothing beside it', () => {
		const post = (at: string, headers: Record<string, string> = {}) => {
			const u = new URL(at, 'https://clinic.example');
			return isCrossSiteWrite(
				new Request(u, {
					method: 'POST',
					headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
					body: 'List-Unsubscribe=One-Click'
				}),
				u
			);
		};
		// what Gmail or Apple Mail send: no Origin of ours, or none at all, and no cookie
		expect(post('/unsubscribe/abc234xyz')).toBe(false);
		expect(post('/unsubscribe/abc234xyz', { origin: 'https://mail.google.com' })).toBe(false);
		expect(post('/unsubscribe/abc234xyz', { 'sec-fetch-site': 'cross-site' })).toBe(false);
		// a named action, a query, a deeper path (the undo) or another page stay refused
		expect(post('/unsubscribe/abc234xyz?/resubscribe', { origin: 'https://evil.example' })).toBe(
			true
		);
		expect(post('/unsubscribe/abc234xyz?x=1', { origin: 'https://evil.example' })).toBe(true);
		expect(post('/unsubscribe/abc234xyz/resubscribe', { origin: 'https://evil.example' })).toBe(
			true
		);
		expect(post('/unsubscribe/abc234xyz/resubscribe')).toBe(true);
		expect(post('/unsubscribe/a.b', { origin: 'https://evil.example' })).toBe(true);
		expect(post('/clinic/unsubscribe/abc', { origin: 'https://evil.example' })).toBe(true);
		// other methods are not a one-click unsubscribe
		const u = new URL('https://clinic.example/unsubscribe/abc234xyz');
		expect(
			isCrossSiteWrite(
				new Request(u, { method: 'PUT', headers: { origin: 'https://evil.example' } }),
				u
			)
		).toBe(true);
	});
});
