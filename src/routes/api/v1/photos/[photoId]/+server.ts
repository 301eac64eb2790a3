import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { actorOrNotFound, requirePhotoAccess } from '$lib/server/auth/guard';
import { withVariants } from '$lib/server/photos/serve/list';
import { withAnalysis } from '$lib/server/photos/align/stored';

/**
 * One photo's processing status and variant URLs (polled after an upload), and what the
 * alignment job found: `alignment` to its course's baseline, `face`, `quality` and the capture
 * warnings in words (DESIGN "Interfaces").
 */
export const GET: RequestHandler = (event) => {
	const db = event.locals.db;
	const p = requirePhotoAccess(db, actorOrNotFound(db, event), event.params.photoId);
	return json(withAnalysis(db, withVariants(db, [p]))[0]);
};
