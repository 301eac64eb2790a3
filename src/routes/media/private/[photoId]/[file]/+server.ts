import type { RequestHandler } from './$types';
import { getDb } from '$lib/server/db/client';
import { getStore } from '$lib/server/storage';
import { actorOrNotFound, notFound, requirePhotoAccess } from '$lib/server/auth/guard';
import {
	fullSizeResponse,
	privateImageResponse,
	resolveFile
} from '$lib/server/photos/serve/serve';
import { audit } from '$lib/server/audit/audit';

// Access is decided before any file is looked up; every refusal is the same 404.
export const GET: RequestHandler = async (event) => {
	const actor = actorOrNotFound(event);
	const p = requirePhotoAccess(actor, event.params.photoId);
	const db = getDb();
	const file = resolveFile(db, p, event.params.file);
	if (!file) {
		notFound();
	}
	if (file.full) {
		audit(db, {
			clinicId: p.clinicId,
			actorUserId: actor.user.id,
			action: 'photo_download',
			targetType: 'photo',
			targetId: p.id,
			ok: true
		});
	}
	const response = file.full
		? await fullSizeResponse(db, getStore(), p, file.name, actor.user.id)
		: await privateImageResponse(getStore(), file);
	return response ?? notFound();
};
