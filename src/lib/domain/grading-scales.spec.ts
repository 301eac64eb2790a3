import { describe, expect, it } from 'vitest';
import { CONCERNS } from './concerns';
import {
	GRADING_SCALES,
	MMASI_INPUT_KEYS,
	SCALES,
	aboutScale,
	betterInWords,
	checkGrade,
	formatGrade,
	gradeLabel,
	gradeProblem,
	gradeY,
	groupRange,
	stepGroups,
	isGradingScale,
	mmasiProblem,
	mmasiScore,
	scaleForConcern,
	type MmasiInputs
} from './grading-scales';

const mmasi = (
	forehead: [number, number],
	rightMalar: [number, number],
	leftMalar: [number, number],
	chin: [number, number]
): MmasiInputs => ({
	foreheadArea: forehead[0],
	foreheadDarkness: forehead[1],
	rightMalarArea: rightMalar[0],
	rightMalarDarkness: rightMalar[1],
	leftMalarArea: leftMalar[0],
	leftMalarDarkness: leftMalar[1],
	chinArea: chin[0],
	chinDarkness: chin[1]
});

describe('the scales', () => {
	it('each is described, cited and bounded, lower being better', () => {
		for (const id of GRADING_SCALES) {
			const s = SCALES[id];
			expect(s.id).toBe(id);
			expect(s.name.length).toBeGreaterThan(10);
			expect(s.citation).toMatch(/\d{4};\d+\(\d+\):\d+–\d+\.$/);
			expect(s.min).toBeLessThan(s.max);
			expect(s.direction).toBe('lower_is_better');
			expect(betterInWords(id)).toBe('lower is better');
			expect(s.axis.at(0)?.value).toBe(s.min);
			expect(s.axis.at(-1)?.value).toBe(s.max);
		}
		expect(isGradingScale('fwes')).toBe(true);
		expect(isGradingScale('glogau')).toBe(false);
	});

	it('whole-step scales have one step per value from min to max', () => {
		const values = (id: (typeof GRADING_SCALES)[number]) => SCALES[id].steps.map((s) => s.value);
		expect(values('goodman_baron')).toEqual([1, 2, 3, 4]);
		expect(values('fwes')).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
		expect(values('gais')).toEqual([1, 2, 3, 4, 5]);
		expect(SCALES.mmasi.kind).toBe('computed');
		expect(SCALES.mmasi.steps).toEqual([]);
	});

	it('only GAIS is graded against the first session', () => {
		expect(GRADING_SCALES.filter((id) => SCALES[id].againstBaseline)).toEqual(['gais']);
	});
});

describe('scaleForConcern', () => {
	it('grades each concern on the scale made for it', () => {
		expect(Object.fromEntries(CONCERNS.map((c) => [c, scaleForConcern(c)]))).toEqual({
			acne_scars: 'goodman_baron',
			fine_lines: 'fwes',
			wrinkles: 'fwes',
			pigmentation: 'mmasi',
			stretch_marks: 'gais',
			texture: 'gais'
		});
	});
	it('knows no scale for an unknown concern, nor for an inherited property name', () => {
		expect(scaleForConcern('tattoo')).toBeNull();
		expect(scaleForConcern('toString')).toBeNull();
	});
});

describe('gradeLabel', () => {
	it('names the step of each whole-step scale', () => {
		expect([1, 2, 3, 4].map((v) => gradeLabel('goodman_baron', v))).toEqual([
			'1 · Macular',
			'2 · Mild',
			'3 · Moderate',
			'4 · Severe'
		]);
		expect([1, 3, 4, 6, 7, 9].map((v) => gradeLabel('fwes', v))).toEqual([
			'1 · Class I',
			'3 · Class I',
			'4 · Class II',
			'6 · Class II',
			'7 · Class III',
			'9 · Class III'
		]);
		expect([1, 2, 3, 4, 5].map((v) => gradeLabel('gais', v))).toEqual([
			'1 · Very much improved',
			'2 · Much improved',
			'3 · Improved',
			'4 · No change',
			'5 · Worse'
		]);
	});
	it('writes an mMASI score with one decimal out of 24', () => {
		expect(gradeLabel('mmasi', 7.2)).toBe('7.2 of 24');
		expect(gradeLabel('mmasi', 0)).toBe('0.0 of 24');
		expect(formatGrade('mmasi', 24)).toBe('24.0');
		expect(formatGrade('fwes', 5)).toBe('5');
	});
	it('gives the bare number for a value off the scale', () => {
		expect(gradeLabel('goodman_baron', 7)).toBe('7');
	});
});

describe('gradeProblem', () => {
	it('accepts every step and both ends', () => {
		for (const id of GRADING_SCALES) {
			const s = SCALES[id];
			expect(gradeProblem(id, s.min)).toBeNull();
			expect(gradeProblem(id, s.max)).toBeNull();
			for (const step of s.steps) {
				expect(gradeProblem(id, step.value)).toBeNull();
			}
		}
		expect(gradeProblem('mmasi', 13.5)).toBeNull();
	});
	it('refuses values outside each scale', () => {
		expect(gradeProblem('goodman_baron', 0)).toBe(
			'The Goodman–Baron scar grade must be from 1 to 4.'
		);
		expect(gradeProblem('goodman_baron', 5)).not.toBeNull();
		expect(gradeProblem('fwes', 0)).not.toBeNull();
		expect(gradeProblem('fwes', 10)).toBe('The Fitzpatrick wrinkle score must be from 1 to 9.');
		expect(gradeProblem('mmasi', -0.1)).not.toBeNull();
		expect(gradeProblem('mmasi', 24.1)).not.toBeNull();
		expect(gradeProblem('gais', 0)).not.toBeNull();
		expect(gradeProblem('gais', 6)).not.toBeNull();
		expect(gradeProblem('fwes', Number.NaN)).not.toBeNull();
		expect(gradeProblem('fwes', Number.POSITIVE_INFINITY)).not.toBeNull();
	});
	it('refuses fractions of a whole-step scale, and more than one decimal of mMASI', () => {
		expect(gradeProblem('goodman_baron', 2.5)).toBe(
			'The Goodman–Baron scar grade is a whole number from 1 to 4.'
		);
		expect(gradeProblem('fwes', 4.5)).not.toBeNull();
		expect(gradeProblem('gais', 1.1)).not.toBeNull();
		expect(gradeProblem('mmasi', 7.25)).toBe('The mMASI score has one decimal place.');
	});
});

describe('mMASI', () => {
	it('weighs forehead and each cheek 0.3 and the chin 0.1', () => {
		expect(mmasiScore(mmasi([1, 1], [0, 0], [0, 0], [0, 0]))).toBe(0.3);
		expect(mmasiScore(mmasi([0, 0], [2, 3], [0, 0], [0, 0]))).toBe(1.8);
		expect(mmasiScore(mmasi([0, 0], [0, 0], [3, 2], [0, 0]))).toBe(1.8);
		expect(mmasiScore(mmasi([0, 0], [0, 0], [0, 0], [6, 4]))).toBe(2.4);
		expect(mmasiScore(mmasi([3, 2], [4, 3], [4, 2], [1, 1]))).toBe(7.9);
	});
	it('runs from exactly 0 to exactly 24, with no floating-point residue', () => {
		expect(mmasiScore(mmasi([0, 4], [6, 0], [0, 0], [0, 0]))).toBe(0);
		expect(mmasiScore(mmasi([6, 4], [6, 4], [6, 4], [6, 4]))).toBe(24);
		expect(mmasiScore(mmasi([6, 4], [0, 0], [0, 0], [0, 0]))).toBe(7.2);
		expect(mmasiScore(mmasi([1, 1], [1, 1], [1, 1], [0, 0]))).toBe(0.9);
	});
	it('asks for every input within its range, as whole numbers', () => {
		const ok = mmasi([1, 1], [1, 1], [1, 1], [1, 1]);
		expect(mmasiProblem(ok)).toBeNull();
		expect(mmasiProblem({ ...ok, chinArea: 7 })).toBe(
			'Choose the area of chin pigmentation, 0 to 6.'
		);
		expect(mmasiProblem({ ...ok, foreheadDarkness: 5 })).toBe(
			'Choose the darkness of forehead pigmentation, 0 to 4.'
		);
		expect(mmasiProblem({ ...ok, leftMalarArea: -1 })).not.toBeNull();
		expect(mmasiProblem({ ...ok, rightMalarDarkness: 1.5 })).not.toBeNull();
		const { chinDarkness: _, ...missing } = ok;
		expect(mmasiProblem(missing)).toBe('Choose the darkness of chin pigmentation, 0 to 4.');
		expect(MMASI_INPUT_KEYS).toHaveLength(8);
	});
});

describe('checkGrade', () => {
	it('records a step on its own scale', () => {
		expect(checkGrade('fwes', { value: 5 }, { baseline: true })).toEqual({
			ok: true,
			grade: 5,
			gradeScale: 'fwes',
			gradeDetail: null
		});
		expect(checkGrade('goodman_baron', { value: 5 }, { baseline: false })).toEqual({
			ok: false,
			message: 'The Goodman–Baron scar grade must be from 1 to 4.'
		});
	});
	it('computes mMASI from its inputs and keeps them, whatever else was sent', () => {
		const inputs = { ...mmasi([2, 2], [3, 3], [3, 2], [1, 1]), score: 24 };
		expect(checkGrade('mmasi', { mmasi: inputs }, { baseline: false })).toEqual({
			ok: true,
			grade: 5.8,
			gradeScale: 'mmasi',
			gradeDetail: mmasi([2, 2], [3, 3], [3, 2], [1, 1])
		});
		expect(checkGrade('mmasi', { value: 5 }, { baseline: false }).ok).toBe(false);
		expect(checkGrade('mmasi', { mmasi: { foreheadArea: 1 } }, { baseline: false })).toEqual({
			ok: false,
			message: 'Choose the darkness of forehead pigmentation, 0 to 4.'
		});
	});
	it('does not grade the baseline session on GAIS, and grades later ones', () => {
		expect(checkGrade('gais', { value: 2 }, { baseline: true })).toEqual({
			ok: false,
			message:
				'The first session is the baseline later sessions are compared with; it is not graded on GAIS.'
		});
		expect(checkGrade('gais', { value: 2 }, { baseline: false })).toMatchObject({
			ok: true,
			grade: 2
		});
		expect(checkGrade('gais', { mmasi: {} }, { baseline: false }).ok).toBe(false);
	});
});

describe('stepGroups', () => {
	it('gathers FWES into its three classes and leaves the other scales one step a group', () => {
		const fwes = stepGroups('fwes');
		expect(fwes.map((g) => [g.label, groupRange(g)])).toEqual([
			['Class I', '1–3'],
			['Class II', '4–6'],
			['Class III', '7–9']
		]);
		expect(fwes[1].description).toContain('moderate elastosis');
		expect(stepGroups('gais').map(groupRange)).toEqual(['1', '2', '3', '4', '5']);
		expect(stepGroups('goodman_baron')).toHaveLength(4);
		expect(stepGroups('mmasi')).toEqual([]);
	});
});

describe('aboutScale', () => {
	it('names the scale, its range, which end is better and its source', () => {
		expect(aboutScale('fwes')).toBe(
			'Fitzpatrick wrinkle score: Fitzpatrick Wrinkle and Elastosis Scale (FWES), 1 to 9, lower is better. Source: Fitzpatrick et al., Arch Dermatol 1996.'
		);
		expect(aboutScale('gais')).toContain('Improvement since session 1 (GAIS): Global Aesthetic');
	});
});

describe('gradeY', () => {
	it('puts the better end at the top of every scale', () => {
		expect([gradeY('goodman_baron', 1), gradeY('goodman_baron', 4)]).toEqual([0, 100]);
		expect([gradeY('fwes', 1), gradeY('fwes', 5), gradeY('fwes', 9)]).toEqual([0, 50, 100]);
		expect([gradeY('mmasi', 0), gradeY('mmasi', 12), gradeY('mmasi', 24)]).toEqual([0, 50, 100]);
		expect([gradeY('gais', 1), gradeY('gais', 5)]).toEqual([0, 100]);
	});
});
