import type { PublicCaseCard, PublicImageSet } from './public';

/**
 * A grid card shows each photo at most ~206 CSS px wide (half a 412 px phone, or 12rem on a
 * desktop). 480 px is still more than two image pixels per CSS pixel there, and keeps a
 * 2.6× phone from fetching 640 px files for thumbnails; the larger widths are for the case page.
 */
export const CARD_MAX_WIDTH = 480;

/**
 * A grid of 24 cards repeats every candidate URL in the markup and again in the hydration
 * data, so a card offers AVIF in every width it can use and WebP only in the smallest, for
 * the few browsers without AVIF. That halves the page's HTML (the 300 KB first-view budget).
 */
export function cardImages(set: PublicImageSet, maxWidth = CARD_MAX_WIDTH): PublicImageSet {
	const smallest = (format: string) => set.variants.find((v) => v.format === format);
	const avif = set.variants.filter((v) => v.format === 'avif' && v.width <= maxWidth);
	const webp = smallest('webp');
	// PhotoImage takes the last variant for the intrinsic size: the largest AVIF goes last
	const variants = [webp, ...(avif.length ? avif : [smallest('avif')])].filter(
		(v) => v !== undefined
	);
	return { placeholder: set.placeholder, variants };
}

/** What the landing page and the gallery grid need of a case, and nothing more. */
export function caseCard(c: PublicCaseCard) {
	return {
		id: c.id,
		concern: c.concern,
		area: c.area,
		fitzpatrick: c.fitzpatrick,
		sessionsCount: c.sessionsCount,
		weeksElapsed: c.weeksElapsed,
		before: cardImages(c.before),
		after: cardImages(c.after)
	};
}
export type CaseCardData = ReturnType<typeof caseCard>;
