import { nextPathFrom } from '$lib/server/auth/redirect';

/**
 * `path` with the request's `?next=` carried along between the two sign-in steps, only when
 * it passes the one rule (auth/redirect.ts) — so the second step never forwards a raw value.
 */
export function withNext(path: string, url: URL): string {
	const next = nextPathFrom(url, '');
	return next ? `${path}${path.includes('?') ? '&' : '?'}next=${encodeURIComponent(next)}` : path;
}
