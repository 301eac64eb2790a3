import type { RequestHandler } from './$types';
import { notFound, requirePatientAccess, requireStaff } from '$lib/server/auth/guard';
import { recordPhotoDownload } from '$lib/server/photos/serve/photo-access-log';
import { photoArchive } from '$lib/server/photos/export/export-zip';
import { stepUpFileAnswer, zipHeaders } from '$lib/server/photos/export/step-up-file';
import { getStore } from '$lib/server/storage';

/**
 * All of a patient's photos for clinical staff, as the patient's own ZIP: a bulk download of
 * someone else's faces, so it needs a fresh step-up proof. `?check` answers only whether it
 * would be handed over (204, or the 403 the page turns into the inline prompt).
 */
export const GET: RequestHandler = (event) => {
	// a file URL: signed out gets 404 like everyone without access, not a sign-in page
	if (!event.locals.user) {
		notFound();
	}
	const db = event.locals.db;
	const actor = requireStaff(event, 'photo.read');
	const p = requirePatientAccess(db, actor, event.params.id, 'photo.read');
	const refused = stepUpFileAnswer(event, {
		needs: "Downloading all of a patient's photos",
		back: `/clinic/patients/${p.id}`
	});
	if (refused) {
		return refused;
	}
	const archive = photoArchive(db, getStore(), p.id, { owner: actor.user.id });
	recordPhotoDownload(db, actor, { type: 'patient', id: p.id }, `all photos=${archive.photoCount}`);
	return new Response(archive.stream, { headers: zipHeaders(archive.fileName) });
};
