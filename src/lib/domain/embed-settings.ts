/**
 * The owner's embed settings: which of the clinic's own website origins may frame its gallery,
 * and where a case lives on that website. Pure: the settings page and the tests both use it.
 */

export const MAX_EMBED_ORIGINS = 10;
export const CASE_PLACEHOLDER = '{case}';

export type Checked<T> = { ok: true; value: T } | { ok: false; message: string };

// Plain http only for a browser test's own machine: nobody's website is served from there.
const LOCAL_HOSTS = new Set(['127.0.0.1', 'localhost']);

/**
 * `https://host[:port]` exactly, lowercased, no trailing slash. A path, query, credentials or
 * wildcard would read as a narrower or wider permission than frame-ancestors gives, so each is
 * refused rather than silently dropped.
 */
export function parseEmbedOrigin(input: string): Checked<string> {
	const text = input.trim().replace(/\/$/, '');
	const bad = (why: string): Checked<string> => ({ ok: false, message: `${input.trim()}: ${why}` });
	if (text.includes('*')) {
		return bad('wildcards are not allowed; list each website address.');
	}
	if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(text)) {
		return bad('start with https:// (for example https://www.example.com).');
	}
	let url: URL;
	try {
		url = new URL(text);
	} catch {
		return bad('this is not a web address.');
	}
	const local = LOCAL_HOSTS.has(url.hostname);
	if (url.protocol !== 'https:' && !(url.protocol === 'http:' && local && url.port)) {
		return bad('only https:// addresses can embed the gallery.');
	}
	if (url.username || url.password || url.search || url.hash || url.pathname !== '/') {
		return bad('give the address alone, without a path (like https://www.example.com).');
	}
	// URL drops a default port and lowercases the host; the input must have been just that
	if (url.origin !== text.toLowerCase()) {
		return bad('give the address alone, like https://www.example.com.');
	}
	return { ok: true, value: url.origin };
}

/** One origin a line (or separated by spaces or commas); duplicates are kept once. */
export function parseEmbedOrigins(text: string): Checked<string[]> {
	const parts = text.split(/[\s,]+/).filter(Boolean);
	const out: string[] = [];
	for (const part of parts) {
		const one = parseEmbedOrigin(part);
		if (!one.ok) {
			return one;
		}
		if (!out.includes(one.value)) {
			out.push(one.value);
		}
	}
	if (out.length > MAX_EMBED_ORIGINS) {
		return {
			ok: false,
			message: `List at most ${MAX_EMBED_ORIGINS} website addresses (${out.length} given).`
		};
	}
	return { ok: true, value: out };
}

/** An https URL with `{case}` exactly once, where the case id goes; empty: no template. */
export function parseCaseLinkTemplate(input: string): Checked<string | null> {
	const text = input.trim();
	if (!text) {
		return { ok: true, value: null };
	}
	const bad = (why: string): Checked<string | null> => ({ ok: false, message: why });
	const count = text.split(CASE_PLACEHOLDER).length - 1;
	if (count !== 1) {
		return bad(
			count === 0
				? 'The case link must contain {case} where the case id goes.'
				: 'The case link must contain {case} only once.'
		);
	}
	if (text.length > 500) {
		return bad('Keep the case link under 500 characters.');
	}
	let url: URL;
	try {
		url = new URL(text.replace(CASE_PLACEHOLDER, 'case'));
	} catch {
		return bad('The case link is not a web address.');
	}
	if (url.protocol !== 'https:') {
		return bad('The case link must start with https://.');
	}
	if (url.username || url.password) {
		return bad('The case link may not carry a user name or password.');
	}
	if (!text.toLowerCase().startsWith(`${url.origin}/`) && text.toLowerCase() !== url.origin) {
		return bad('{case} must come after the website address, in its path or query.');
	}
	return { ok: true, value: text };
}

/** The clinic's own page for a case (ids are URL-safe already, but encoded all the same). */
export function caseLink(template: string, caseId: string): string {
	return template.replace(CASE_PLACEHOLDER, encodeURIComponent(caseId));
}
