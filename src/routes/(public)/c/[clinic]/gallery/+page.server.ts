import type { PageServerLoad } from './$types';
import { galleryPage } from '$lib/server/gallery/pages';

// Served as HTML and one small script (gallery-filters.js), not hydrated: on a phone the
// client's start-up was most of the page's main-thread work and cost it its Lighthouse score.
// Reached by a client-side navigation, the page is still rendered by the app as usual.
export const csr = false;

export const load: PageServerLoad = ({ params, url, locals }) =>
	galleryPage(locals.db, params.clinic, url);
