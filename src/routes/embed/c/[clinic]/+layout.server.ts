import type { LayoutServerLoad } from './$types';
import { notFound } from '$lib/server/auth/guard';
import { publicClinic } from '$lib/server/gallery/public';
import { brandById } from '$lib/server/clinic/brand';

// The gallery inside the clinic's own website. Not cached, as the public pages are not: a
// withdrawn case, or a website taken off the list, must be gone on the very next request.
export const load: LayoutServerLoad = ({ params, setHeaders, locals }) => {
	const clinic = publicClinic(locals.db, params.clinic) ?? notFound();
	// read by the hook: this response may be framed by exactly these websites
	locals.frameAncestors = clinic.embedOrigins;
	setHeaders({ 'cache-control': 'no-cache' });
	const brand = brandById(locals.db, clinic.id) ?? notFound();
	return {
		publicClinic: { ...brand, bookingUrl: clinic.bookingUrl },
		embed: { origins: clinic.embedOrigins, caseLinkTemplate: clinic.caseLinkTemplate }
	};
};
