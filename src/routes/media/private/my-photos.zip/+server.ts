import type { RequestHandler } from './$types';
import { getDb } from '$lib/server/db/client';
import { getStore } from '$lib/server/storage';
import { notFound, requirePatient } from '$lib/server/auth/guard';
import { photoArchive } from '$lib/server/photos/export/export-zip';
import { audit } from '$lib/server/audit/audit';

// A file URL: a signed-out visitor gets the same 404 as staff and everyone else, not a sign-in page.
export const GET: RequestHandler = (event) => {
	if (!event.locals.user) {
		notFound();
	}
	const actor = requirePatient(event);
	const db = getDb();
	const archive = photoArchive(db, getStore(), actor.patient.id, { owner: actor.user.id });
	audit(db, {
		clinicId: actor.clinicId,
		actorUserId: actor.user.id,
		action: 'photo_download',
		targetType: 'patient',
		targetId: actor.patient.id,
		ok: true,
		detail: `photos=${archive.photoCount}`
	});
	return new Response(archive.stream, {
		headers: {
			'Content-Type': 'application/zip',
			'Content-Disposition': `attachment; filename="${archive.fileName}"`,
			'Cache-Control': 'private, no-store',
			'X-Content-Type-Options': 'nosniff'
		}
	});
};
