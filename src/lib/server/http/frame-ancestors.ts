/**
 * Who may frame a response. Every page refuses to be framed (kit.csp's `frame-ancestors
 * 'none'` and X-Frame-Options DENY) except the embed pages, which the clinic's own websites
 * frame: for those the hook rewrites this one directive of the CSP SvelteKit wrote, and drops
 * X-Frame-Options, which knows no list of origins.
 */

export const EMBED_PREFIX = '/embed/';

export function isEmbedPath(pathname: string): boolean {
	return pathname.startsWith(EMBED_PREFIX);
}

/**
 * The CSP with its frame-ancestors set to exactly these origins ('none' for an empty list);
 * every other directive, nonces included, is left as it was.
 */
export function withFrameAncestors(csp: string, origins: readonly string[]): string {
	// an origin is https://host[:port] (domain/embed-settings.ts): nothing here can break out
	const safe = origins.filter((o) => /^https?:\/\/[a-z0-9.-]+(?::\d+)?$/.test(o));
	const directive = `frame-ancestors ${safe.length ? safe.join(' ') : "'none'"}`;
	const parts = csp
		.split(';')
		.map((p) => p.trim())
		.filter(Boolean);
	const kept = parts.filter((p) => !/^frame-ancestors(\s|$)/i.test(p));
	return [...kept, directive].join('; ');
}

/** Applies the embed page's framing to a response (the hook's part). */
export function allowFraming(headers: Headers, origins: readonly string[]): void {
	const csp = headers.get('content-security-policy');
	if (csp) {
		headers.set('content-security-policy', withFrameAncestors(csp, origins));
	}
	headers.delete('x-frame-options');
}
