import type { PageServerLoad } from './$types';
import { galleryPage } from '$lib/server/gallery/pages';

// As the public gallery: HTML and the filters' small script, no client start-up.
export const csr = false;

export const load: PageServerLoad = ({ params, url, locals }) =>
	galleryPage(locals.db, params.clinic, url);
