/**
 * The `?next=` rule, the one place it is written: the target is resolved against the origin
 * the way a browser resolves a `Location` header, and followed only when the result is on
 * this origin with a path that starts with exactly one slash. The answer is that resolved
 * path, never the raw input, so dot segments (`/.//evil`, `/%2e%2e//evil`) cannot collapse
 * into a scheme-relative `//evil` after the check. Anything else falls back to the user's home.
 */
export function safeNextPath(
	next: string | null | undefined,
	origin: string,
	fallback: string
): string {
	if (!next || next.length > 2048) {
		return fallback;
	}
	// The app only ever writes a path here (see requireUser). Raw backslashes and control
	// characters are never in one, and parsers drop or rewrite them: refuse them outright.
	// eslint-disable-next-line no-control-regex -- control characters are exactly what we refuse
	if (!next.startsWith('/') || /[\\\u0000-\u001f\u007f]/.test(next)) {
		return fallback;
	}
	let url: URL;
	try {
		url = new URL(next, origin);
	} catch {
		return fallback;
	}
	if (url.origin !== new URL(origin).origin || !/^\/(?![/\\])/.test(url.pathname)) {
		return fallback;
	}
	return url.pathname + url.search + url.hash;
}

/** Where to go after signing in: the request's own `?next=`, under the rule above. */
export function nextPathFrom(url: URL, fallback: string): string {
	return safeNextPath(url.searchParams.get('next'), url.origin, fallback);
}
