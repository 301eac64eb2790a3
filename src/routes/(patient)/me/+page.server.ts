import type { PageServerLoad } from './$types';
import { getDb } from '$lib/server/db/client';
import { getClinic } from '$lib/server/clinic';
import { requirePatient } from '$lib/server/auth/guard';
import { patientOverview } from '$lib/server/patients';

export const load: PageServerLoad = (event) => {
	const actor = requirePatient(event);
	const db = getDb();
	const overview = patientOverview(db, actor, actor.patient.id);
	return {
		name: actor.patient.displayName,
		clinicName: getClinic(db, actor.clinicId)?.name ?? '',
		courses: overview.courses,
		photoCount: overview.photoCount ?? 0
	};
};
