import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { notFound } from '$lib/server/auth/guard';
import { getStore } from '$lib/server/storage';
import { publicProvenance } from '$lib/server/gallery/provenance-record';

// Public like the case page, and 404 the moment the case is not: the same rule (published,
// consent active) from the same query. Five minutes of caching bounds how long a copy of a
// withdrawn case's record can outlive it.
export const GET: RequestHandler = async ({ params, url, locals }) => {
	const record =
		(await publicProvenance(locals.db, getStore(), params.clinic, params.caseId, url.origin)) ??
		notFound();
	return json(record, {
		headers: {
			'Cache-Control': 'public, max-age=300',
			// anyone may check a record, from any page
			'Access-Control-Allow-Origin': '*'
		}
	});
};
