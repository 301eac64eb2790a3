import type { RequestHandler } from './$types';
import { recordPhotoDownload } from '$lib/server/photos/serve/photo-access-log';
import { getStore } from '$lib/server/storage';
import { notFound, requirePatient } from '$lib/server/auth/guard';
import { photoArchive } from '$lib/server/photos/export/export-zip';
import { zipHeaders } from '$lib/server/photos/export/step-up-file';

// A file URL: a signed-out visitor gets the same 404 as staff and everyone else, not a sign-in page.
export const GET: RequestHandler = (event) => {
	if (!event.locals.user) {
		notFound();
	}
	const db = event.locals.db;
	const actor = requirePatient(db, event);
	const archive = photoArchive(db, getStore(), actor.patient.id, { owner: actor.user.id });
	recordPhotoDownload(
		db,
		actor,
		{ type: 'patient', id: actor.patient.id },
		`photos=${archive.photoCount}`
	);
	return new Response(archive.stream, { headers: zipHeaders(archive.fileName) });
};
