import { error, json, type Handle, type RequestEvent, type ServerInit } from '@sveltejs/kit';
import { sequence } from '@sveltejs/kit/hooks';
import { building } from '$app/environment';
import { getDb } from '$lib/server/db/client';
import { startBackground } from '$lib/server/platform/services';
import { SECURITY_HEADERS } from '$lib/server/http/security-headers';
import { isCrossSiteWrite } from '$lib/server/http/csrf';
import { allowFraming, isEmbedPath } from '$lib/server/http/frame-ancestors';
import { userForBearer } from '$lib/server/auth/api-tokens';
import { bearerAuthorization } from '$lib/server/auth/bearer';
import { requestContext, type RequestContext } from '$lib/server/http/request-context';
import { mustEnrol } from '$lib/server/auth/enrolment-policy';
import { SESSION_COOKIE, clearSessionCookie, validateSessionToken } from '$lib/server/auth/session';

export const init: ServerInit = () => {
	// Opening the database applies any pending migrations before the first request.
	getDb();
	if (!building) {
		startBackground();
	}
};

/** Resolves the session once per request; authorization still happens in every load/action. */
const authenticate: Handle = async ({ event, resolve }) => {
	const db = (event.locals.db = getDb());
	const authorization = bearerAuthorization(event.request, event.url);
	if (authorization) {
		// A presented token decides alone: no falling back to a cookie riding along with it.
		const bearer = userForBearer(db, authorization);
		if (!bearer) {
			return json(
				{ message: 'The API token is missing, malformed, revoked or no longer valid.' },
				{ status: 401, headers: { 'www-authenticate': 'Bearer error="invalid_token"' } }
			);
		}
		event.locals.user = bearer.user;
		event.locals.session = null;
		event.locals.mustEnrol = false;
		return inContext(event, { apiToken: bearer.token }, resolve);
	}
	const token = event.cookies.get(SESSION_COOKIE);
	const valid = token ? validateSessionToken(db, token) : null;
	// Expiry is absolute, so the cookie set at sign-in needs no refresh; a dead one is cleared.
	if (token && !valid) {
		clearSessionCookie(event.cookies);
	}
	event.locals.user = valid?.user ?? null;
	event.locals.session = valid?.session ?? null;
	event.locals.mustEnrol = valid ? mustEnrol(db, valid.user, valid.session) : false;
	return inContext(event, {}, resolve);
};

/** The request's facts, set once for every service and audit row below this point. */
function inContext(
	event: RequestEvent,
	extra: Pick<RequestContext, 'apiToken'>,
	resolve: (event: RequestEvent) => ReturnType<Handle>
) {
	const context: RequestContext = {
		ip: event.getClientAddress(),
		userId: event.locals.user?.id,
		...extra
	};
	return requestContext.run(context, () => resolve(event));
}

// Also applied by src/cli/server.ts to the static files SvelteKit's hooks never see.
const securityHeaders: Handle = async ({ event, resolve }) => {
	const response = await resolve(event);
	for (const [name, value] of SECURITY_HEADERS) {
		if (!response.headers.has(name)) {
			response.headers.set(name, value);
		}
	}
	// an embed page's layout named its clinic's websites: they, and only they, may frame it
	if (isEmbedPath(event.url.pathname) && event.locals.frameAncestors) {
		allowFraming(response.headers, event.locals.frameAncestors);
	}
	if (event.url.protocol === 'https:') {
		response.headers.set('Strict-Transport-Security', 'max-age=31536000; includeSubDomains');
	}
	return response;
};

/** Before the session is even read: a cross-site write never reaches a route. */
const refuseCrossSiteWrites: Handle = ({ event, resolve }) => {
	if (isCrossSiteWrite(event.request, event.url)) {
		error(403, 'Cross-site requests that change data are refused.');
	}
	// SvelteKit throws (a 500) on a form posted to `?/default`; it names no action of ours.
	if (event.request.method === 'POST' && event.url.searchParams.has('/default')) {
		error(404, 'No such action.');
	}
	return resolve(event);
};

export const handle = sequence(securityHeaders, refuseCrossSiteWrites, authenticate);
