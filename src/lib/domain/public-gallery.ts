import { FITZPATRICK_LABELS } from './concerns';
import { areaLabel, concernLabel } from './gallery-labels';

/** The gallery's filters as they stand in the URL (`skin` is the Fitzpatrick type, 1–6). */
export interface GalleryQuery {
	concern?: string;
	area?: string;
	fitzpatrick?: number;
	sessions?: number;
}

/** What the pages need to word a case; a subset of the public case card. */
export interface CaseFacts {
	concern: string;
	area: string;
	fitzpatrick: number | null;
	sessionsCount: number;
	weeksElapsed: number;
}

/**
 * `?concern=…&area=…&skin=…&sessions=…&page=…` in one fixed order, empty filters and page 1
 * left out: the one spelling of a gallery view, for links and for the canonical URL.
 */
export function galleryQuery(f: GalleryQuery, page = 1): string {
	const q = new URLSearchParams();
	const set = (name: string, v: string | number | undefined) => {
		if (v !== undefined && v !== '') {
			q.set(name, String(v));
		}
	};
	set('concern', f.concern);
	set('area', f.area);
	set('skin', f.fitzpatrick);
	set('sessions', f.sessions);
	set('page', page > 1 ? page : undefined);
	const s = q.toString();
	return s ? `?${s}` : '';
}

export function hasFilters(f: GalleryQuery): boolean {
	return [f.concern, f.area, f.fitzpatrick, f.sessions].some((v) => v !== undefined);
}

export const sessionsLabel = (n: number) => `${n} session${n === 1 ? '' : 's'}`;
export const weeksLabel = (n: number) => `${n} week${n === 1 ? '' : 's'}`;
export const skinTypeLabel = (n: number) => `Skin type ${FITZPATRICK_LABELS[n - 1] ?? '?'}`;

/** Plain words for the Fitzpatrick types, so a prospect can find their own skin. */
const SKIN_WORDS = ['very fair', 'fair', 'medium', 'olive', 'brown', 'deep brown'];
/** "Type III · medium" */
export const skinTypeOption = (n: number) =>
	`Type ${FITZPATRICK_LABELS[n - 1] ?? '?'} · ${SKIN_WORDS[n - 1] ?? ''}`;

/** "Jan 2026" from "2026-01": the public pages give photo dates to the month only. */
export function monthLabel(month: string | null): string | null {
	if (!month || !/^\d{4}-\d{2}$/.test(month)) {
		return null;
	}
	return new Intl.DateTimeFormat('en-GB', {
		month: 'short',
		year: 'numeric',
		timeZone: 'UTC'
	}).format(new Date(`${month}-01T00:00:00Z`));
}

/** "Acne scars · Cheeks" */
export function caseHeading(c: Pick<CaseFacts, 'concern' | 'area'>): string {
	return `${concernLabel(c.concern)} · ${areaLabel(c.area)}`;
}

/** The short facts under a card: sessions, time between the photos, skin type. */
export function caseFactList(c: CaseFacts): string[] {
	return [
		sessionsLabel(c.sessionsCount),
		`${weeksLabel(c.weeksElapsed)} apart`,
		...(c.fitzpatrick ? [skinTypeLabel(c.fitzpatrick)] : [])
	];
}

/** A sentence for search results and link previews; names nobody. */
export function caseMetaDescription(c: CaseFacts, clinicName: string): string {
	const skin = c.fitzpatrick ? `, skin type ${FITZPATRICK_LABELS[c.fitzpatrick - 1]}` : '';
	return (
		`Microneedling before and after for ${concernLabel(c.concern).toLowerCase()} ` +
		`(${areaLabel(c.area).toLowerCase()}${skin}): ${sessionsLabel(c.sessionsCount)}, ` +
		`photos ${weeksLabel(c.weeksElapsed)} apart. Real results from ${clinicName}, shown with the patient's consent.`
	);
}
