import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { actorOrNotFound, requirePhotoAccess } from '$lib/server/auth/guard';
import { withVariants } from '$lib/server/photos/serve/list';

/** One photo's processing status and variant URLs, for polling after an upload. */
export const GET: RequestHandler = (event) => {
	const p = requirePhotoAccess(
		event.locals.db,
		actorOrNotFound(event.locals.db, event),
		event.params.photoId
	);
	return json(withVariants(event.locals.db, [p])[0]);
};
