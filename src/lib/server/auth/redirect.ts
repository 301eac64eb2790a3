/**
 * The `?next=` rule: only a same-origin absolute path is followed. Anything that a browser
 * could resolve to another origin (`//evil`, `/\evil`, `https:`, encoded tricks, control
 * characters) falls back to the user's home.
 */
export function safeNextPath(next: string | null | undefined, fallback: string): string {
	if (!next || next.length > 2048) {
		return fallback;
	}
	if (!next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) {
		return fallback;
	}
	// Browsers strip tabs and newlines and treat backslashes as slashes in URLs.
	// eslint-disable-next-line no-control-regex -- control characters are exactly what we refuse
	if (/[\\\u0000-\u001f\u007f]/.test(next)) {
		return fallback;
	}
	try {
		const base = 'http://resurface.invalid';
		const url = new URL(next, base);
		if (url.origin !== base) {
			return fallback;
		}
		return url.pathname + url.search + url.hash;
	} catch {
		return fallback;
	}
}
