import type { RequestHandler } from './$types';
import { recordPhotoDownload } from '$lib/server/photos/serve/photo-access-log';
import { getStore } from '$lib/server/storage';
import { actorOrNotFound, notFound, requirePhotoAccess } from '$lib/server/auth/guard';
import {
	fullSizeResponse,
	privateImageResponse,
	resolveFile
} from '$lib/server/photos/serve/serve';

// Access is decided before any file is looked up; every refusal is the same 404.
export const GET: RequestHandler = async (event) => {
	const actor = actorOrNotFound(event.locals.db, event);
	const db = event.locals.db;
	const p = requirePhotoAccess(db, actor, event.params.photoId);
	const file = resolveFile(db, p, event.params.file);
	if (!file) {
		notFound();
	}
	if (file.full) {
		recordPhotoDownload(db, actor, { type: 'photo', id: p.id });
	}
	const response = file.full
		? await fullSizeResponse(db, getStore(), p, file.name, actor.user.id)
		: await privateImageResponse(getStore(), file);
	return response ?? notFound();
};
