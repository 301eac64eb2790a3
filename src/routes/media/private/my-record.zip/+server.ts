import type { RequestHandler } from './$types';
import { getStore } from '$lib/server/storage';
import { notFound, requirePatient } from '$lib/server/auth/guard';
import { zipHeaders } from '$lib/server/photos/export/step-up-file';
import { exportRecord } from '$lib/server/records/record-export';

/**
 * The signed-in patient's own whole record, clinician's notes included: the right of access
 * (GDPR Article 15) covers everything the clinic holds about them. A file URL: a signed-out
 * visitor gets the same 404 as staff and everyone else, not a sign-in page.
 */
export const GET: RequestHandler = (event) => {
	if (!event.locals.user) {
		notFound();
	}
	const db = event.locals.db;
	const actor = requirePatient(db, event);
	const out = exportRecord(db, getStore(), actor, actor.patient.id);
	return new Response(out.stream, { headers: zipHeaders(out.fileName) });
};
