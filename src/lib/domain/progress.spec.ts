import { describe, expect, it } from 'vitest';
import type { GradingScaleId } from './grading-scale-ids';
import {
	gradeInWords,
	otherGradesNote,
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
	patientNote: string | null = null,
	gradeScale: GradingScaleId | null = grade === null ? null : 'goodman_baron'
): SessionScores => ({ id, performedOn, grade, gradeScale, patientSelfRating, patientNote });

const course = [
	s('c', '2026-03-02', 2, null),
	s('a', '2026-01-05', 4, 4, 'Still red'),
	s('b', '2026-02-02', null, 6)
];

describe('progressRows', () => {
	it('orders by date, numbers from 1 and counts weeks from the first session', () => {
		const rows = progressRows(course, '2026-03-10', 'goodman_baron');
		expect(rows.map((r) => [r.id, r.number, r.week])).toEqual([
			['a', 1, 1],
			['b', 2, 5],
			['c', 3, 9]
		]);
		expect(rows[0]).toMatchObject({ grade: 4, rating: 4, note: 'Still red', ratable: true });
	});

	it('keeps missing values missing and drops grades outside the scale', () => {
		const rows = progressRows([s('x', '2026-01-05', 7, null)], '2026-03-10', 'goodman_baron');
		expect(rows[0]).toMatchObject({ grade: null, otherGrade: null, rating: null });
	});

	it('plots only grades on the course’s scale; others are kept with their own scale', () => {
		const rows = progressRows(
			[
				s('a', '2026-01-05', 3, null),
				s('b', '2026-02-05', 5, null, null, 'fwes'),
				s('c', '2026-03-05', 3, null, null, 'fwes')
			],
			'2026-03-10',
			'fwes'
		);
		expect(rows.map((r) => [r.grade, r.otherGrade])).toEqual([
			[null, { scale: 'goodman_baron', value: 3 }],
			[5, null],
			[3, null]
		]);
	});

	it('marks the first session as the baseline of a scale graded against it', () => {
		const sessions = [
			s('a', '2026-01-05', null, null),
			s('b', '2026-02-05', 2, null, null, 'gais')
		];
		expect(progressRows(sessions, '2026-03-10', 'gais').map((r) => [r.baseline, r.grade])).toEqual([
			[true, null],
			[false, 2]
		]);
		expect(progressRows(sessions, '2026-03-10', 'fwes').map((r) => r.baseline)).toEqual([
			false,
			false
		]);
	});

	it('a session dated after today is not ratable; today’s is', () => {
		const rows = progressRows(course, '2026-03-02', 'goodman_baron');
		expect(rows.map((r) => r.ratable)).toEqual([true, true, true]);
		expect(progressRows(course, '2026-03-01', 'goodman_baron').map((r) => r.ratable)).toEqual([
			true,
			true,
			false
		]);
	});
});

describe('ratingPrompt', () => {
	it('asks about the latest session that has happened while it is unrated', () => {
		expect(ratingPrompt(progressRows(course, '2026-03-10', 'goodman_baron'))?.id).toBe('c');
	});
	it('does not ask about a session still to come, nor once the latest is rated', () => {
		expect(ratingPrompt(progressRows(course, '2026-03-01', 'goodman_baron'))).toBeNull();
		const rated = course.map((x) => ({ ...x, patientSelfRating: 5 }));
		expect(ratingPrompt(progressRows(rated, '2026-03-10', 'goodman_baron'))).toBeNull();
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
	});
	it('breaks lines at gaps', () => {
		expect(runs([1, 2, null, 3, null, null, 4, 5])).toEqual([[0, 1], [3], [6, 7]]);
		expect(runs([null])).toEqual([]);
	});
});

describe('progressSummary', () => {
	it('says how both series moved and which sessions are unrated', () => {
		const text = progressSummary(
			progressRows(course, '2026-03-10', 'goodman_baron'),
			'goodman_baron'
		);
		expect(text).toBe(
			'3 sessions. Your own rating went from 4 at session 1 to 6 at session 2, out of 10 (higher is better). ' +
				'The clinic’s Goodman–Baron scar grade went from 4 (severe) at session 1 to 2 (mild) at session 3, on a scale of 1 to 4 where lower is better. ' +
				'Not rated yet: session 3.'
		);
	});
	it('handles a single value, an unchanged value and no values', () => {
		const one = progressRows([s('a', '2026-01-05', null, 7)], '2026-03-10', 'fwes');
		expect(progressSummary(one, 'fwes')).toContain('Your own rating was 7 at session 1');
		expect(progressSummary(one, 'fwes')).toContain(
			'The clinic has not graded a session on FWES yet.'
		);
		const same = progressRows(
			[s('a', '2026-01-05', 3, null), s('b', '2026-02-05', 3, null)],
			'2026-03-10',
			'goodman_baron'
		);
		expect(progressSummary(same, 'goodman_baron')).toContain(
			'stayed at 3 (moderate) from session 1 to 2'
		);
		expect(progressSummary(same, 'goodman_baron')).toContain('You have not rated a session yet.');
		expect(progressSummary([], 'goodman_baron')).toBe('No sessions yet.');
	});
	it('names each scale, and says which grades were recorded on another and not converted', () => {
		const rows = progressRows(
			[
				s('a', '2026-01-05', 3, 4),
				s('b', '2026-02-05', 2, 5),
				s('c', '2026-03-05', 6, 6, null, 'fwes'),
				s('d', '2026-04-05', 4, 8, null, 'fwes')
			],
			'2026-04-10',
			'fwes'
		);
		expect(progressSummary(rows, 'fwes')).toBe(
			'4 sessions. Your own rating went from 4 at session 1 to 8 at session 4, out of 10 (higher is better). ' +
				'The clinic’s Fitzpatrick wrinkle score went from 6 (class II) at session 3 to 4 (class II) at session 4, on a scale of 1 to 9 where lower is better. ' +
				'Sessions 1, 2: recorded on Goodman–Baron before per-concern scales; not converted.'
		);
		expect(otherGradesNote(rows.slice(0, 1))).toBe(
			'Session 1: recorded on Goodman–Baron before per-concern scales; not converted.'
		);
		expect(otherGradesNote(rows.slice(2))).toBeNull();
		const pigment = progressRows(
			[
				s('a', '2026-01-05', 8.5, null, null, 'mmasi'),
				s('b', '2026-02-05', 3.2, null, null, 'mmasi')
			],
			'2026-04-10',
			'mmasi'
		);
		expect(progressSummary(pigment, 'mmasi')).toContain(
			'The clinic’s mMASI score went from 8.5 at session 1 to 3.2 at session 2, on a scale of 0 to 24 where lower is better.'
		);
		expect(gradeInWords('gais', 2)).toBe('2 (much improved)');
		expect(gradeInWords('mmasi', 4)).toBe('4.0');
		// a course whose concern has no scale says nothing of a grade it cannot read
		const unknown = progressRows(
			[s('a', '2026-01-05', 8.5, null, null, 'mmasi')],
			'2026-04-10',
			null
		);
		expect(progressSummary(unknown, null)).toBe(
			'1 session. You have not rated a session yet. Session 1: recorded on mMASI before per-concern scales; not converted.'
		);
	});
});
