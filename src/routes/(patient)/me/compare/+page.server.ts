import type { PageServerLoad } from './$types';
import { getDb } from '$lib/server/db/client';
import { requirePatient } from '$lib/server/auth/guard';
import { patientComparison } from '$lib/server/photos/serve/comparison';
import { audit } from '$lib/server/audit/audit';

// `mode` is not read here: switching between slider, side by side and fade is the page's
// business and must not fetch (or audit) the photos again.
export const load: PageServerLoad = (event) => {
	const actor = requirePatient(event);
	const db = getDb();
	const q = event.url.searchParams;
	const comparison = patientComparison(db, actor, {
		course: q.get('course'),
		view: q.get('view'),
		a: q.get('a'),
		b: q.get('b')
	});
	audit(db, {
		clinicId: actor.clinicId,
		actorUserId: actor.user.id,
		action: 'photo_view',
		targetType: 'patient',
		targetId: actor.patient.id,
		ok: true,
		detail: comparison.pair
			? `compare ${comparison.pair.before.id} ${comparison.pair.after.id}`
			: 'compare'
	});
	return comparison;
};
