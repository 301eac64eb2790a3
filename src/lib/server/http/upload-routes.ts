/**
 * newId()'s shape (src/lib/server/platform/ids.ts): 32 lowercase base32 characters. Matching the id
 * itself rather than "any segment" leaves no room for dot segments, encoded slashes or
 * `__data.json` in the one place a large body is let in.
 */
const ID = '[a-z2-7]{32}';

/** The only routes that take photo files; every other request is held to the small limit. */
const UPLOAD_ROUTES: { pathname: RegExp; action?: string }[] = [
	// src/routes/(staff)/clinic/patients/[id]: the upload form's `?/upload` action
	{ pathname: new RegExp(`^/clinic/patients/${ID}$`), action: 'upload' },
	// src/routes/api/v1/patients/[patientId]/photos: the JSON API (the capture page, integrations)
	{ pathname: new RegExp(`^/api/v1/patients/${ID}/photos$`) }
];

/**
 * Whether a request is a photo upload, decided from its method and request target exactly as
 * SvelteKit will route it: the target is resolved the way adapter-node builds the Request URL
 * (origin + target, so `..`, `%2e` and backslashes collapse here as they do there), and the
 * action is the first query name starting with `/`, as SvelteKit picks it.
 */
export function isUploadRequest(method: string | undefined, target: string | undefined): boolean {
	if (method !== 'POST' || !target?.startsWith('/')) {
		return false;
	}
	let url: URL;
	try {
		url = new URL(`http://localhost${target}`);
	} catch {
		return false;
	}
	const route = UPLOAD_ROUTES.find((r) => r.pathname.test(url.pathname));
	return !!route && (route.action === undefined || actionName(url) === route.action);
}

function actionName(url: URL): string | null {
	for (const [name] of url.searchParams) {
		if (name.startsWith('/')) {
			return name.slice(1);
		}
	}
	return null;
}
