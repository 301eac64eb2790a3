import type { PageServerLoad } from './$types';
import { notFound } from '$lib/server/auth/guard';
import { listPublicCases, publicClinic, publicFacets } from '$lib/server/gallery/public';
import { caseCard } from '$lib/server/gallery/cards';

const LATEST = 3;

export const load: PageServerLoad = ({ params, url, locals }) => {
	const db = locals.db;
	const clinic = publicClinic(db, params.clinic) ?? notFound();
	const { cases, total } = listPublicCases(db, clinic.id, {}, 1);
	const og = cases[0]?.og;
	return {
		featured: cases[0] ? caseCard(cases[0]) : null,
		latest: cases.slice(1, 1 + LATEST).map(caseCard),
		total,
		concerns: publicFacets(db, clinic.id).concerns,
		canonical: `${url.origin}/c/${clinic.slug}`,
		ogImage: og ? { ...og, url: url.origin + og.url } : null
	};
};
