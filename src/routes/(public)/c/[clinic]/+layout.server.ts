import type { LayoutServerLoad } from './$types';
import { notFound } from '$lib/server/auth/guard';
import { publicClinic } from '$lib/server/gallery/public';
import { brandById } from '$lib/server/clinic/brand';

// These pages are the same for every visitor, yet not cached: a withdrawn case must be gone
// on the very next request, and each response carries its own CSP nonce. They cost a few
// indexed queries; the images, which are the weight, are cached for a year.
export const load: LayoutServerLoad = ({ params, setHeaders, locals }) => {
	const clinic = publicClinic(locals.db, params.clinic) ?? notFound();
	setHeaders({ 'cache-control': 'no-cache' });
	const brand = brandById(locals.db, clinic.id) ?? notFound();
	return {
		publicClinic: {
			...brand,
			bookingUrl: clinic.bookingUrl
		}
	};
};
