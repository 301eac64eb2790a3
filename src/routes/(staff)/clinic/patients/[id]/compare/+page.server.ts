import type { PageServerLoad } from './$types';
import { requireStaff } from '$lib/server/auth/guard';
import { recordPhotoView } from '$lib/server/photos/serve/photo-access-log';
import { staffComparison } from '$lib/server/photos/serve/comparison';

// As on the patient's compare, `mode` is the page's business: switching it fetches nothing.
export const load: PageServerLoad = (event) => {
	const actor = requireStaff(event, 'photo.read');
	const db = event.locals.db;
	const q = event.url.searchParams;
	const comparison = staffComparison(db, actor, event.params.id, {
		course: q.get('course'),
		view: q.get('view'),
		a: q.get('a'),
		b: q.get('b')
	});
	const pair = comparison.pair;
	recordPhotoView(
		db,
		actor,
		comparison.patient.id,
		pair ? `compare ${pair.before.id} ${pair.after.id}` : 'compare'
	);
	return comparison;
};
