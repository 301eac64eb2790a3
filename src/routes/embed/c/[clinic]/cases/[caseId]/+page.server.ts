import type { PageServerLoad } from './$types';
import { casePage } from '$lib/server/gallery/pages';

export const load: PageServerLoad = ({ params, url, locals }) =>
	casePage(locals.db, params.clinic, params.caseId, url);
