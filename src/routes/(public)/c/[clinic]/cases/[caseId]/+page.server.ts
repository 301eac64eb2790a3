import type { PageServerLoad } from './$types';
import { notFound } from '$lib/server/auth/guard';
import { publicCase, publicClinic } from '$lib/server/gallery/public';
import { provenanceWords } from '$lib/domain/provenance';

// `mode` (slider, side by side, fade) and `photos` (aligned, as taken) are the page's business: the URL is built from the params
// and url.origin, which SvelteKit does not track, so switching never reloads the case.
export const load: PageServerLoad = ({ params, url, locals }) => {
	const db = locals.db;
	const clinic = publicClinic(db, params.clinic) ?? notFound();
	const c = publicCase(db, clinic.id, params.caseId) ?? notFound();
	return {
		case: {
			id: c.id,
			title: c.title,
			description: c.description,
			concern: c.concern,
			area: c.area,
			fitzpatrick: c.fitzpatrick,
			sessionsCount: c.sessionsCount,
			weeksElapsed: c.weeksElapsed,
			view: c.view,
			beforeMonth: c.beforeMonth,
			afterMonth: c.afterMonth,
			before: c.before,
			after: c.after,
			// the after moved into the before's frame at publish; the as-taken one beside it
			aligned: c.aligned && !!c.afterAsTaken?.variants.length,
			afterAsTaken: c.afterAsTaken
		},
		provenance: {
			words: provenanceWords(c.provenance),
			url: `/c/${clinic.slug}/cases/${c.id}/provenance.json`
		},
		canonical: `${url.origin}/c/${clinic.slug}/cases/${c.id}`,
		ogImage: c.og ? { ...c.og, url: url.origin + c.og.url } : null
	};
};
