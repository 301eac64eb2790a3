import type { Handle, ServerInit } from '@sveltejs/kit';
import { sequence } from '@sveltejs/kit/hooks';
import { getDb } from '$lib/server/db/client';
import { SESSION_COOKIE, clearSessionCookie, validateSessionToken } from '$lib/server/auth/session';

export const init: ServerInit = () => {
	// Opening the database applies any pending migrations before the first request.
	getDb();
};

/** Resolves the session once per request; authorization still happens in every load/action. */
const authenticate: Handle = async ({ event, resolve }) => {
	const token = event.cookies.get(SESSION_COOKIE);
	const valid = token ? validateSessionToken(getDb(), token) : null;
	// Expiry is absolute, so the cookie set at sign-in needs no refresh; a dead one is cleared.
	if (token && !valid) {
		clearSessionCookie(event.cookies);
	}
	event.locals.user = valid?.user ?? null;
	event.locals.session = valid?.session ?? null;
	return resolve(event);
};

// The CSP (with frame-ancestors) comes from kit.csp in svelte.config.js; the rest is here so
// every response, pages, endpoints and errors alike, carries it.
const securityHeaders: Handle = async ({ event, resolve }) => {
	const response = await resolve(event);
	const set = (name: string, value: string) => {
		if (!response.headers.has(name)) {
			response.headers.set(name, value);
		}
	};
	set('X-Content-Type-Options', 'nosniff');
	set('Referrer-Policy', 'same-origin');
	set('X-Frame-Options', 'DENY');
	set('Cross-Origin-Opener-Policy', 'same-origin');
	set(
		'Permissions-Policy',
		'camera=(self), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()'
	);
	if (!response.headers.has('Content-Security-Policy')) {
		// Endpoints and media do not get kit.csp; they render nothing and may be framed by no one.
		set('Content-Security-Policy', "default-src 'none'; frame-ancestors 'none'; sandbox");
	}
	if (event.url.protocol === 'https:') {
		set('Strict-Transport-Security', 'max-age=31536000; includeSubDomains');
	}
	return response;
};

export const handle = sequence(securityHeaders, authenticate);
