import type { PageServerLoad } from './$types';
import { recordPhotoView } from '$lib/server/photos/serve/photo-access-log';
import { requirePatient } from '$lib/server/auth/guard';
import { patientComparison } from '$lib/server/photos/serve/comparison';

// `mode` is not read here: switching between slider, side by side and fade is the page's
// business and must not fetch (or audit) the photos again.
export const load: PageServerLoad = (event) => {
	const db = event.locals.db;
	const actor = requirePatient(db, event);
	const q = event.url.searchParams;
	const comparison = patientComparison(db, actor, {
		course: q.get('course'),
		view: q.get('view'),
		a: q.get('a'),
		b: q.get('b')
	});
	const pair = comparison.pair;
	recordPhotoView(
		db,
		actor,
		actor.patient.id,
		pair ? `compare ${pair.before.id} ${pair.after.id}` : 'compare'
	);
	return comparison;
};
