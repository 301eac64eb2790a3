import type { RequestHandler } from './$types';
import { notFound, requirePatientAccess, requireStaff } from '$lib/server/auth/guard';
import { stepUpFileAnswer, zipHeaders } from '$lib/server/photos/export/step-up-file';
import { exportRecord } from '$lib/server/records/record-export';
import { getStore } from '$lib/server/storage';

/**
 * A patient's whole record (summary, data, consents, photos) for the clinic's owner: what a
 * patient's access request or a clinic leaving Resurface needs. Like all photos, it needs a
 * fresh step-up; everyone else, and other clinics, get 404.
 */
export const GET: RequestHandler = (event) => {
	// a file URL: signed out gets 404 like everyone without access, not a sign-in page
	if (!event.locals.user) {
		notFound();
	}
	const db = event.locals.db;
	const actor = requireStaff(event, 'patient.export');
	const p = requirePatientAccess(db, actor, event.params.id, 'patient.export');
	const refused = stepUpFileAnswer(event, {
		needs: "Exporting a patient's whole record",
		back: `/clinic/patients/${p.id}`
	});
	if (refused) {
		return refused;
	}
	const out = exportRecord(db, getStore(), actor, p.id);
	return new Response(out.stream, { headers: zipHeaders(out.fileName) });
};
