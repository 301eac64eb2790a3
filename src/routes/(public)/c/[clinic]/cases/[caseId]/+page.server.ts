import type { PageServerLoad } from './$types';
import { casePage } from '$lib/server/gallery/pages';

// `mode` (slider, side by side, fade) and `photos` (aligned, as taken) are the page's business: the URL is built from the params
// and url.origin, which SvelteKit does not track, so switching never reloads the case.
export const load: PageServerLoad = ({ params, url, locals }) =>
	casePage(locals.db, params.clinic, params.caseId, url);
