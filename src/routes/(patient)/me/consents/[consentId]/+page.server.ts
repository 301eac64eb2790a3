import { notFound, requirePatient } from '$lib/server/auth/guard';
import { consentDocuments } from '$lib/server/consents/documents';
import type { PageServerLoad } from './$types';

/** One of the patient's own consents as the clinic keeps it; anyone else's id is 404. */
export const load: PageServerLoad = (event) => {
	const db = event.locals.db;
	const actor = requirePatient(db, event);
	const [doc] = consentDocuments(db, actor.clinicId, actor.patient.id, {
		consentId: event.params.consentId
	});
	if (!doc) {
		notFound();
	}
	return { doc };
};
