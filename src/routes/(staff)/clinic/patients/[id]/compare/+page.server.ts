import type { PageServerLoad } from './$types';
import { requireStaff } from '$lib/server/auth/guard';
import {
	compareQuery,
	recordComparisonView,
	staffComparison
} from '$lib/server/photos/serve/comparison';

// As on the patient's compare, `mode` is the page's business: switching it fetches nothing.
export const load: PageServerLoad = (event) => {
	const actor = requireStaff(event, 'photo.read');
	const db = event.locals.db;
	const comparison = staffComparison(
		db,
		actor,
		event.params.id,
		compareQuery(event.url.searchParams)
	);
	recordComparisonView(db, actor, comparison.patient.id, comparison.pair);
	return comparison;
};
