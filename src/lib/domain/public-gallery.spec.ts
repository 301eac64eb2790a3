import { describe, expect, it } from 'vitest';
import {
	caseFactList,
	caseHeading,
	caseMetaDescription,
	galleryQuery,
	hasFilters,
	monthLabel,
	skinTypeOption
} from './public-gallery';

describe('galleryQuery', () => {
	it('spells the filters in one order and leaves out page 1 and empty ones', () => {
		expect(galleryQuery({})).toBe('');
		expect(galleryQuery({}, 1)).toBe('');
		expect(galleryQuery({ sessions: 3, concern: 'acne_scars' }, 2)).toBe(
			'?concern=acne_scars&sessions=3&page=2'
		);
		expect(galleryQuery({ area: 'cheeks', fitzpatrick: 4, concern: '' })).toBe(
			'?area=cheeks&skin=4'
		);
	});

	it('knows when any filter is set', () => {
		expect(hasFilters({})).toBe(false);
		expect(hasFilters({ fitzpatrick: 1 })).toBe(true);
	});
});

describe('wording', () => {
	const acne = {
		concern: 'acne_scars',
		area: 'cheeks',
		fitzpatrick: 3,
		sessionsCount: 1,
		weeksElapsed: 16
	};

	it('gives months, not days', () => {
		expect(monthLabel('2026-01')).toBe('Jan 2026');
		expect(monthLabel('2026-12')).toBe('Dec 2026');
		expect(monthLabel('2026-01-15')).toBeNull();
		expect(monthLabel(null)).toBeNull();
	});

	it('words the facts of a case', () => {
		expect(caseHeading(acne)).toBe('Acne scars · Cheeks');
		expect(skinTypeOption(1)).toBe('Type I · very fair');
		expect(skinTypeOption(6)).toBe('Type VI · deep brown');
		expect(caseFactList(acne)).toEqual(['1 session', '16 weeks apart', 'Skin type III']);
		expect(caseFactList({ ...acne, fitzpatrick: null, sessionsCount: 4 })).toEqual([
			'4 sessions',
			'16 weeks apart'
		]);
		expect(caseMetaDescription(acne, 'Demo Skin Clinic')).toBe(
			"Microneedling before and after for acne scars (cheeks, skin type III): 1 session, photos 16 weeks apart. Real results from Demo Skin Clinic, shown with the patient's consent."
		);
	});
});
