import type { PageServerLoad } from './$types';
import { notFound } from '$lib/server/auth/guard';
import {
	listPublicCases,
	parseFilters,
	publicClinic,
	publicFacets
} from '$lib/server/gallery/public';
import { caseCard } from '$lib/server/gallery/cards';
import { galleryQuery } from '$lib/domain/public-gallery';

const MAX_PAGE = 1000;

// Served as HTML and one small script (gallery-filters.js), not hydrated: on a phone the
// client's start-up was most of the page's main-thread work and cost it its Lighthouse score.
// Reached by a client-side navigation, the page is still rendered by the app as usual.
export const csr = false;

export const load: PageServerLoad = ({ params, url, locals }) => {
	const db = locals.db;
	const clinic = publicClinic(db, params.clinic) ?? notFound();
	const filters = parseFilters(url.searchParams);
	const asked = Number(url.searchParams.get('page'));
	const page = Number.isInteger(asked) && asked >= 1 && asked <= MAX_PAGE ? asked : 1;
	const { cases, total, pageSize } = listPublicCases(db, clinic.id, filters, page);
	return {
		filters,
		page,
		total,
		pages: Math.max(1, Math.ceil(total / pageSize)),
		firstIndex: (page - 1) * pageSize + 1,
		cases: cases.map(caseCard),
		facets: publicFacets(db, clinic.id),
		// built from the parts, not url.href: one spelling per view, whatever the query's order
		canonical: `${url.origin}/c/${clinic.slug}/gallery${galleryQuery(filters, page)}`,
		ogImage: cases[0]?.og ? { ...cases[0].og, url: url.origin + cases[0].og.url } : null
	};
};
