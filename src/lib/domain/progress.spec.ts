import { describe, expect, it } from 'vitest';
import {
	gradeY,
	progressRows,
	progressSummary,
	ratingPrompt,
	ratingY,
	runs,
	xPercent,
	type SessionScores
} from './progress';

const s = (
	id: string,
	performedOn: string,
	grade: number | null,
	patientSelfRating: number | null,
	patientNote: string | null = null
): SessionScores => ({ id, performedOn, grade, patientSelfRating, patientNote });

const course = [
	s('c', '2026-03-02', 2, null),
	s('a', '2026-01-05', 4, 4, 'Still red'),
	s('b', '2026-02-02', null, 6)
];

describe('progressRows', () => {
	it('orders by date, numbers from 1 and counts weeks from the first session', () => {
		const rows = progressRows(course, '2026-03-10');
		expect(rows.map((r) => [r.id, r.number, r.week])).toEqual([
			['a', 1, 1],
			['b', 2, 5],
			['c', 3, 9]
		]);
		expect(rows[0]).toMatchObject({ grade: 4, rating: 4, note: 'Still red', ratable: true });
	});

	it('keeps missing values missing and drops grades outside the scale', () => {
		const rows = progressRows([s('x', '2026-01-05', 7, null)], '2026-03-10');
		expect(rows[0]).toMatchObject({ grade: null, rating: null });
	});

	it('a session dated after today is not ratable; today’s is', () => {
		const rows = progressRows(course, '2026-03-02');
		expect(rows.map((r) => r.ratable)).toEqual([true, true, true]);
		expect(progressRows(course, '2026-03-01').map((r) => r.ratable)).toEqual([true, true, false]);
	});
});

describe('ratingPrompt', () => {
	it('asks about the latest session that has happened while it is unrated', () => {
		expect(ratingPrompt(progressRows(course, '2026-03-10'))?.id).toBe('c');
	});
	it('does not ask about a session still to come, nor once the latest is rated', () => {
		expect(ratingPrompt(progressRows(course, '2026-03-01'))).toBeNull();
		const rated = course.map((x) => ({ ...x, patientSelfRating: 5 }));
		expect(ratingPrompt(progressRows(rated, '2026-03-10'))).toBeNull();
		expect(ratingPrompt([])).toBeNull();
	});
});

describe('chart geometry', () => {
	it('spreads sessions across the width and centres a lone one', () => {
		expect([0, 1, 2].map((i) => xPercent(i, 3))).toEqual([0, 50, 100]);
		expect(xPercent(0, 1)).toBe(50);
	});
	it('puts the better end at the top of both scales', () => {
		expect([ratingY(10), ratingY(5), ratingY(0)]).toEqual([0, 50, 100]);
		expect([gradeY(1), gradeY(4)]).toEqual([0, 100]);
	});
	it('breaks lines at gaps', () => {
		expect(runs([1, 2, null, 3, null, null, 4, 5])).toEqual([[0, 1], [3], [6, 7]]);
		expect(runs([null])).toEqual([]);
	});
});

describe('progressSummary', () => {
	it('says how both series moved and which sessions are unrated', () => {
		const text = progressSummary(progressRows(course, '2026-03-10'));
		expect(text).toBe(
			'3 sessions. Your own rating went from 4 at session 1 to 6 at session 2, out of 10 (higher is better). ' +
				'The clinic’s scar grade went from 4 (severe) at session 1 to 2 (mild) at session 3; 1 is the mildest, 4 the most severe. ' +
				'Not rated yet: session 3.'
		);
	});
	it('handles a single value, an unchanged value and no values', () => {
		const one = progressRows([s('a', '2026-01-05', null, 7)], '2026-03-10');
		expect(progressSummary(one)).toContain('Your own rating was 7 at session 1');
		expect(progressSummary(one)).toContain('The clinic has not graded a session yet.');
		const same = progressRows(
			[s('a', '2026-01-05', 3, null), s('b', '2026-02-05', 3, null)],
			'2026-03-10'
		);
		expect(progressSummary(same)).toContain('stayed at 3 (moderate) from session 1 to 2');
		expect(progressSummary(same)).toContain('You have not rated a session yet.');
		expect(progressSummary([])).toBe('No sessions yet.');
	});
});
