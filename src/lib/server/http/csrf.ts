import { bearerAuthorization } from '../auth/bearer';

/**
 * The one cross-site check, for every route and every body — JSON, PUT/PATCH/DELETE, content
 * types spelled oddly: a state-changing request that a browser marks as coming from another
 * site is refused. It includes SvelteKit's own rule (a form body without our Origin is
 * refused), which is switched off in svelte.config.js only so that integrations holding a
 * bearer token — no cookie to ride on — can upload multipart without a browser's headers.
 */
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export function isCrossSiteWrite(request: Request, url: URL): boolean {
	if (SAFE_METHODS.has(request.method.toUpperCase()) || isOneClickUnsubscribe(request, url)) {
		return false;
	}
	const origin = request.headers.get('origin');
	if (origin !== null) {
		// "null" is what sandboxed frames and some redirects send: never our own origin
		return origin !== url.origin;
	}
	const site = request.headers.get('sec-fetch-site');
	if (site !== null) {
		return site !== 'same-origin' && site !== 'none';
	}
	return isFormContentType(request) && bearerAuthorization(request, url) === null;
}

const FORM_TYPES = ['application/x-www-form-urlencoded', 'multipart/form-data', 'text/plain'];

/** The bodies an HTML form can send, the ones SvelteKit's own check covers. */
function isFormContentType(request: Request): boolean {
	const type = request.headers.get('content-type')?.split(';', 1)[0].trim().toLowerCase() ?? '';
	return FORM_TYPES.includes(type);
}

/**
 * RFC 8058 one-click unsubscribe: a mail client POSTs `List-Unsubscribe=One-Click` to the
 * link in the message's header, from its own origin (or none) and without our cookies. That is
 * safe to let through: the unguessable token in the path is the only authority (no session is
 * consulted), and the only effect is that one patient stops getting one kind of optional mail.
 * Exactly `POST /unsubscribe/<token>`: no query (so no named action) and no deeper path (undoing
 * it, /resubscribe, stays same-site only).
 */
const ONE_CLICK_PATH = /^\/unsubscribe\/[A-Za-z0-9]+$/;

function isOneClickUnsubscribe(request: Request, url: URL): boolean {
	return (
		request.method.toUpperCase() === 'POST' &&
		url.search === '' &&
		ONE_CLICK_PATH.test(url.pathname)
	);
}
