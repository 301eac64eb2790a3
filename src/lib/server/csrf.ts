/**
 * SvelteKit refuses cross-origin form posts (urlencoded, multipart, text/plain). This covers
 * the rest — JSON bodies, PUT/PATCH/DELETE, content types spelled oddly — for every route: a
 * state-changing request that a browser marks as coming from another site is refused, whatever
 * its body. Requests with neither Origin nor Sec-Fetch-Site come from non-browser clients,
 * which cannot ride on a visitor's cookies.
 */
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export function isCrossSiteWrite(request: Request, url: URL): boolean {
	if (SAFE_METHODS.has(request.method.toUpperCase())) {
		return false;
	}
	const origin = request.headers.get('origin');
	if (origin !== null) {
		// "null" is what sandboxed frames and some redirects send: never our own origin
		return origin !== url.origin;
	}
	const site = request.headers.get('sec-fetch-site');
	return site !== null && site !== 'same-origin' && site !== 'none';
}
