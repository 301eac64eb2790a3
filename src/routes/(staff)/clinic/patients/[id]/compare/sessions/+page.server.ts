import type { PageServerLoad } from './$types';
import { requireStaff } from '$lib/server/auth/guard';
import { recordPhotoView } from '$lib/server/photos/serve/photo-access-log';
import { staffSessionComparison } from '$lib/server/photos/serve/session-comparison';

export const load: PageServerLoad = (event) => {
	const actor = requireStaff(event, 'photo.read');
	const db = event.locals.db;
	const q = event.url.searchParams;
	const comparison = staffSessionComparison(db, actor, event.params.id, {
		a: q.get('a'),
		b: q.get('b')
	});
	recordPhotoView(
		db,
		actor,
		comparison.patient.id,
		comparison.a && comparison.b
			? `compare sessions ${comparison.a.id} ${comparison.b.id}`
			: 'compare sessions'
	);
	return comparison;
};
