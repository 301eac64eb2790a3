/**
 * Headers every response carries. Pages replace the fallback CSP with kit.csp's (which holds
 * the nonces for SvelteKit's own scripts); endpoints and files keep the strict fallback.
 */
export const SECURITY_HEADERS: readonly [string, string][] = [
	['X-Content-Type-Options', 'nosniff'],
	['Referrer-Policy', 'same-origin'],
	['X-Frame-Options', 'DENY'],
	['Cross-Origin-Opener-Policy', 'same-origin'],
	['Permissions-Policy', 'camera=(self), microphone=(), geolocation=(), payment=(), usb=()'],
	['Content-Security-Policy', "default-src 'none'; frame-ancestors 'none'; sandbox"]
];
