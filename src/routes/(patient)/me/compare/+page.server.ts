import type { PageServerLoad } from './$types';
import { requirePatient } from '$lib/server/auth/guard';
import {
	compareQuery,
	patientComparison,
	recordComparisonView
} from '$lib/server/photos/serve/comparison';

// `mode` is not read here: switching between slider, side by side and fade is the page's
// business and must not fetch (or audit) the photos again.
export const load: PageServerLoad = (event) => {
	const db = event.locals.db;
	const actor = requirePatient(db, event);
	const comparison = patientComparison(db, actor, compareQuery(event.url.searchParams));
	recordComparisonView(db, actor, actor.patient.id, comparison.pair);
	return comparison;
};
