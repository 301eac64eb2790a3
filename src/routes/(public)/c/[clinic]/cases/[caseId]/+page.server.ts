import type { PageServerLoad } from './$types';
import { casePage } from '$lib/server/gallery/pages';

// Served as HTML and one small script (case-compare.js), not hydrated: on a phone the client's
// start-up was most of the page's main-thread work (Lighthouse 89 against 98 with no script).
// Reached by a client-side navigation, the page is still rendered by the app as usual.
export const csr = false;

// `mode` (slider, side by side, fade) and `photos` (aligned, as taken) are the page's business:
// the URL is built from the params and url.origin, which SvelteKit does not track, so in the
// app switching never reloads the case (served alone, the script opens the new URL).
export const load: PageServerLoad = ({ params, url, locals }) =>
	casePage(locals.db, params.clinic, params.caseId, url);
