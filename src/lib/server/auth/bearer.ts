/** Integrations authenticate with a bearer token, on the JSON API and photo bytes only. */
const BEARER_PATHS = ['/api/v1/', '/media/private/'];

/**
 * The Authorization header of a request that authenticates with a bearer token, or null. Such a
 * request carries no ambient credential a third-party page could ride on, so it is not subject
 * to the cross-site rules for cookies; its token alone decides who it is.
 */
export function bearerAuthorization(request: Request, url: URL): string | null {
	const header = request.headers.get('authorization');
	if (!header || !/^bearer(\s|$)/i.test(header)) {
		return null;
	}
	return BEARER_PATHS.some((p) => url.pathname.startsWith(p)) ? header : null;
}
