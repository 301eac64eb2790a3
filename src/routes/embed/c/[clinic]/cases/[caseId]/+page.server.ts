import type { PageServerLoad } from './$types';
import { casePage } from '$lib/server/gallery/pages';

// As the public case page: HTML and the compare's small script, no client start-up.
export const csr = false;

export const load: PageServerLoad = ({ params, url, locals }) =>
	casePage(locals.db, params.clinic, params.caseId, url);
