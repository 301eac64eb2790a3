import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { getStore } from '$lib/server/storage';
import { actorOrNotFound, can, notFound, requirePatientAccess } from '$lib/server/auth/guard';
import { handlePhotoUpload } from '$lib/server/photos/intake/upload-request';
import { listPhotos } from '$lib/server/photos/serve/list';
import { pokeWorker } from '$lib/server/platform/services';

function staffActor(
	event: Parameters<RequestHandler>[0],
	permission: 'photo.read' | 'photo.write'
) {
	const actor = actorOrNotFound(event.locals.db, event);
	if ('patient' in actor || !can(actor.user.role, permission)) {
		notFound();
	}
	return {
		actor,
		patient: requirePatientAccess(event.locals.db, actor, event.params.patientId, permission)
	};
}

/** Multipart upload: file (one or more), view, sessionId?, takenOn?. Answers per file. */
export const POST: RequestHandler = async (event) => {
	const { actor, patient } = staffActor(event, 'photo.write');
	const outcome = await handlePhotoUpload(
		event.locals.db,
		getStore(),
		actor,
		patient,
		event.request
	);
	if (outcome.files.some((f) => f.ok)) {
		pokeWorker();
	}
	return json(outcome, { status: outcome.status });
};

export const GET: RequestHandler = (event) => {
	const { patient } = staffActor(event, 'photo.read');
	return json({ photos: listPhotos(event.locals.db, patient.id) });
};
