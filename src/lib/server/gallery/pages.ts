import type { Db } from '../db/client';
import { notFound } from '../auth/guard';
import { listPublicCases, parseFilters, publicCase, publicClinic, publicFacets } from './public';
import { caseCard } from './cards';
import { galleryQuery } from '../../domain/public-gallery';
import { provenanceWords } from '../../domain/provenance';
import { caseLink } from '../../domain/embed-settings';

// The public gallery and its embed show the same pages: one loader each, two routes.

const MAX_PAGE = 1000;

/** The filtered, paged gallery of a clinic (404 for an unknown clinic). */
export function galleryPage(db: Db, slug: string, url: URL) {
	const clinic = publicClinic(db, slug) ?? notFound();
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
}

export type GalleryPageData = ReturnType<typeof galleryPage>;

/** The public case page's own address. */
export const casePath = (slug: string, caseId: string) => `/c/${slug}/cases/${caseId}`;

/** One published case (404 unless it is public now). */
export function casePage(db: Db, slug: string, caseId: string, url: URL) {
	const clinic = publicClinic(db, slug) ?? notFound();
	const c = publicCase(db, clinic.id, caseId) ?? notFound();
	const own = url.origin + casePath(clinic.slug, c.id);
	return {
		case: {
			id: c.id,
			title: c.title,
			description: c.description,
			concern: c.concern,
			area: c.area,
			fitzpatrick: c.fitzpatrick,
			sessionsCount: c.sessionsCount,
			weeksElapsed: c.weeksElapsed,
			view: c.view,
			beforeMonth: c.beforeMonth,
			afterMonth: c.afterMonth,
			before: c.before,
			after: c.after,
			// the after moved into the before's frame at publish; the as-taken one beside it
			aligned: c.aligned && !!c.afterAsTaken?.variants.length,
			afterAsTaken: c.afterAsTaken
		},
		provenance: {
			words: provenanceWords(c.provenance),
			url: `${casePath(clinic.slug, c.id)}/provenance.json`
		},
		// the clinic's own page for the case, when it has one, so search engines credit its domain
		canonical: clinic.caseLinkTemplate ? caseLink(clinic.caseLinkTemplate, c.id) : own,
		oembed: `${url.origin}/oembed?url=${encodeURIComponent(own)}&format=json`,
		ogImage: c.og ? { ...c.og, url: url.origin + c.og.url } : null
	};
}

export type CasePageData = ReturnType<typeof casePage>;
