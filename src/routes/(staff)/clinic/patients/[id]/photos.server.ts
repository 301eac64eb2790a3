import type { RequestEvent } from '@sveltejs/kit';
import { requirePhotoAccess } from '$lib/server/auth/guard';
import { handlePhotoUpload } from '$lib/server/photos/intake/upload-request';
import { retryPhoto } from '$lib/server/photos/pipeline/retry';
import { deletePhoto } from '$lib/server/photos/delete';
import { editPhoto } from '$lib/server/photos/edit';
import { parsePhotoEdit } from '$lib/server/photos/photo-edit-form';
import { pokeWorker } from '$lib/server/platform/services';
import { getStore } from '$lib/server/storage';
import type { Actions } from './$types';
import { actingOn } from './acting.server';
import { answersFor } from './area-result';

const { done, refused } = answersFor('photos');

/** Photo work needs photo.write on this patient, and the photo itself must be one the actor may see. */
async function photoFrom(event: RequestEvent<{ id: string }>) {
	const { db, actor } = actingOn(event, 'photo.write');
	const data = await event.request.formData();
	const photoId = String(data.get('photoId') ?? '');
	requirePhotoAccess(db, actor, photoId);
	return { db, actor, photoId, data };
}

export const photoActions = {
	upload: async (event) => {
		const { db, actor, patient } = actingOn(event, 'photo.write');
		// the page's form names the session (or "none"): a post without it is refused, not filed loose
		const outcome = await handlePhotoUpload(db, getStore(), actor, patient, event.request, {
			sessionChosen: true
		});
		// The ingest committed its jobs; waking the worker only saves waiting for its next poll.
		if (outcome.files.some((f) => f.ok)) {
			pokeWorker();
		}
		const uploadResults = outcome.files;
		// Several files refused at once have no message of their own: each result says why.
		return outcome.status >= 400
			? refused(outcome.status, 'upload', outcome.message ?? null, { uploadResults })
			: done('upload', { uploadResults });
	},
	retryPhoto: async (event) => {
		const { db, actor, photoId } = await photoFrom(event);
		if (retryPhoto(db, actor, photoId)) {
			pokeWorker();
		}
		return done('retryPhoto', { photoId });
	},
	editPhoto: async (event) => {
		const { db, actor, photoId, data } = await photoFrom(event);
		const change = parsePhotoEdit(data);
		if (!change) {
			return refused(400, 'editPhoto', 'Choose a view and a role from the lists.');
		}
		editPhoto(db, actor, photoId, change);
		return done('editPhoto', { photoId });
	},
	deletePhoto: async (event) => {
		const { db, actor, photoId } = await photoFrom(event);
		await deletePhoto(db, getStore(), actor, photoId);
		return done('deletePhoto', { photoId });
	}
} satisfies Actions;
