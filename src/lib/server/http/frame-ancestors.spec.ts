import { describe, expect, it } from 'vitest';
import { allowFraming, isEmbedPath, withFrameAncestors } from './frame-ancestors';

const KIT =
	"default-src 'self'; script-src 'self' 'nonce-abc123'; frame-ancestors 'none'; base-uri 'self'";

describe('frame-ancestors rewrite', () => {
	it('sets exactly the listed origins and leaves every other directive, nonces and all', () => {
		const out = withFrameAncestors(KIT, ['https://www.example.com', 'http://127.0.0.1:5174']);
		expect(out).toBe(
			"default-src 'self'; script-src 'self' 'nonce-abc123'; base-uri 'self'; " +
				'frame-ancestors https://www.example.com http://127.0.0.1:5174'
		);
		expect(out.match(/frame-ancestors/g)).toHaveLength(1);
	});

	it("gives 'none' when no origin is listed", () => {
		expect(withFrameAncestors(KIT, [])).toMatch(/; frame-ancestors 'none'$/);
	});

	it('adds the directive when the policy had none', () => {
		expect(withFrameAncestors("default-src 'self'", ['https://a.example'])).toBe(
			"default-src 'self'; frame-ancestors https://a.example"
		);
	});

	it('drops anything that is not a bare origin, so nothing can be injected', () => {
		const out = withFrameAncestors(KIT, ["https://a.example; script-src 'unsafe-inline'", '*']);
		expect(out).toMatch(/frame-ancestors 'none'$/);
		expect(out).not.toContain('unsafe-inline');
	});

	it('removes X-Frame-Options, which cannot name origins', () => {
		const headers = new Headers({
			'content-security-policy': KIT,
			'x-frame-options': 'DENY'
		});
		allowFraming(headers, ['https://a.example']);
		expect(headers.has('x-frame-options')).toBe(false);
		expect(headers.get('content-security-policy')).toMatch(/frame-ancestors https:\/\/a\.example$/);
	});

	it('applies to /embed/ paths only', () => {
		expect(isEmbedPath('/embed/c/demo')).toBe(true);
		expect(isEmbedPath('/c/demo/gallery')).toBe(false);
		expect(isEmbedPath('/embedded')).toBe(false);
	});
});
