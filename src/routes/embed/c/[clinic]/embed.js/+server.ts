import type { RequestHandler } from './$types';
import { notFound } from '$lib/server/auth/guard';
import { publicClinic } from '$lib/server/gallery/public';
import { embedScript } from '$lib/server/gallery/embed-script';

// Loaded by the clinic's own website; a few minutes of caching spares it a request per page
// view, and a changed case link template reaches it soon enough.
export const GET: RequestHandler = ({ params, url, locals }) => {
	const clinic = publicClinic(locals.db, params.clinic) ?? notFound();
	const body = embedScript({
		origin: url.origin,
		slug: clinic.slug,
		clinicName: clinic.name,
		caseLinkTemplate: clinic.caseLinkTemplate
	});
	return new Response(body, {
		headers: {
			'content-type': 'text/javascript; charset=utf-8',
			'cache-control': 'public, max-age=300'
		}
	});
};
