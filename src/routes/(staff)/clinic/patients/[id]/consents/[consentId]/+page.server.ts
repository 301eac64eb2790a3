import { requirePatientAccess, requireStaff, notFound } from '$lib/server/auth/guard';
import { consentDocuments } from '$lib/server/consents/documents';
import type { PageServerLoad } from './$types';

/** One consent as a printable document, for every staff role that records consents. */
export const load: PageServerLoad = (event) => {
	const db = event.locals.db;
	const actor = requireStaff(event, 'consent.record');
	const p = requirePatientAccess(db, actor, event.params.id, 'consent.record');
	// matched on clinic and patient: another patient's or clinic's consent id finds nothing
	const [doc] = consentDocuments(db, actor.clinicId, p.id, { consentId: event.params.consentId });
	if (!doc) {
		notFound();
	}
	return { doc, patient: { id: p.id, displayName: p.displayName } };
};
