import { describe, expect, it } from 'vitest';
import {
	filterSchedule,
	groupByWeek,
	lastDayShown,
	mondayOf,
	relativeDay,
	weekKey,
	type ScheduleQuery
} from './schedule-weeks';

// Wednesday 2 December 2026
const TODAY = '2026-12-02';

const row = (patientName: string, nextDueOn: string, more: Partial<Row> = {}): Row => ({
	patientName,
	nextDueOn,
	overdue: false,
	concern: 'acne_scars',
	contacted: false,
	...more
});
interface Row {
	patientName: string;
	nextDueOn: string;
	overdue: boolean;
	concern: string;
	contacted: boolean;
}
const ALL: ScheduleQuery = { weeks: 8, concern: null, uncontacted: false, q: '' };

describe('calendar weeks', () => {
	it('start on Monday', () => {
		expect(mondayOf('2026-12-02')).toBe('2026-11-30');
		expect(mondayOf('2026-11-30')).toBe('2026-11-30');
		expect(mondayOf('2026-12-06')).toBe('2026-11-30'); // Sunday
		expect(mondayOf('2027-01-01')).toBe('2026-12-28'); // across the year
	});

	it('the range ends on the Sunday of its last week, counting this one', () => {
		expect(lastDayShown(TODAY, 2)).toBe('2026-12-13');
		expect(lastDayShown(TODAY, 4)).toBe('2026-12-27');
		expect(lastDayShown(TODAY, 8)).toBe('2027-01-24');
	});
});

describe('grouping by week', () => {
	it('names overdue, this week and next week, then later weeks by their Monday', () => {
		expect(weekKey(row('a', '2026-11-01', { overdue: true }), TODAY)).toBe('overdue');
		expect(weekKey(row('a', '2026-12-06'), TODAY)).toBe('this');
		expect(weekKey(row('a', '2026-12-07'), TODAY)).toBe('next');
		expect(weekKey(row('a', '2026-12-13'), TODAY)).toBe('next');
		expect(weekKey(row('a', '2026-12-14'), TODAY)).toBe('week:2026-12-14');
		expect(weekKey(row('a', '2026-12-20'), TODAY)).toBe('week:2026-12-14');
	});

	it('keeps a session due a few days ago, not yet overdue, in this week', () => {
		// the rule for "overdue" is schedule.ts's (more than a week late); this only reads it
		expect(weekKey(row('a', '2026-11-27', { overdue: false }), TODAY)).toBe('this');
	});

	it('puts overdue first, then week by week, soonest first within a week', () => {
		const groups = groupByWeek(
			[
				row('Later', '2026-12-15'),
				row('Next', '2026-12-09'),
				row('Today', '2026-12-02'),
				row('Late', '2026-11-10', { overdue: true }),
				row('Much later', '2027-01-05'),
				row('Sooner', '2026-12-01'),
				row('Later still', '2026-12-14')
			],
			TODAY
		);
		expect(groups.map((g) => [g.key, g.weekOf, g.rows.map((r) => r.patientName)])).toEqual([
			['overdue', null, ['Late']],
			['this', null, ['Sooner', 'Today']],
			['next', null, ['Next']],
			['week:2026-12-14', '2026-12-14', ['Later still', 'Later']],
			['week:2027-01-04', '2027-01-04', ['Much later']]
		]);
	});

	it('gives no groups for no rows', () => {
		expect(groupByWeek([], TODAY)).toEqual([]);
	});
});

describe('filtering', () => {
	const rows = [
		row('Zoë Brennan', '2026-10-01', { overdue: true }),
		row('Jordan Avery', '2026-12-10', { concern: 'fine_lines', contacted: true }),
		row('Mei Tanaka', '2026-12-24'),
		row('Lucas Ferreira', '2027-01-20', { contacted: true }),
		row('Far Away', '2027-02-01')
	];
	const names = (q: Partial<ScheduleQuery>) =>
		filterSchedule(rows, { ...ALL, ...q }, TODAY).map((r) => r.patientName);

	it('shows the chosen weeks ahead, and overdue sessions however far back', () => {
		expect(names({ weeks: 2 })).toEqual(['Zoë Brennan', 'Jordan Avery']);
		expect(names({ weeks: 4 })).toEqual(['Zoë Brennan', 'Jordan Avery', 'Mei Tanaka']);
		expect(names({ weeks: 8 })).toEqual([
			'Zoë Brennan',
			'Jordan Avery',
			'Mei Tanaka',
			'Lucas Ferreira'
		]);
	});

	it('by concern, by "not yet contacted", and by part of a name, accents and case aside', () => {
		expect(names({ concern: 'fine_lines' })).toEqual(['Jordan Avery']);
		expect(names({ uncontacted: true })).toEqual(['Zoë Brennan', 'Mei Tanaka']);
		expect(names({ q: 'zoe' })).toEqual(['Zoë Brennan']);
		expect(names({ q: '  TANAKA ' })).toEqual(['Mei Tanaka']);
		expect(names({ q: 'nobody' })).toEqual([]);
		expect(names({ uncontacted: true, q: 'avery' })).toEqual([]);
	});
});

describe('due dates in words', () => {
	it('says how far off a day is', () => {
		expect(relativeDay('2026-12-02', TODAY)).toBe('today');
		expect(relativeDay('2026-12-03', TODAY)).toBe('tomorrow');
		expect(relativeDay('2026-12-01', TODAY)).toBe('yesterday');
		expect(relativeDay('2026-12-07', TODAY)).toBe('in 5 days');
		expect(relativeDay('2026-12-30', TODAY)).toBe('in 4 weeks');
		expect(relativeDay('2026-11-23', TODAY)).toBe('9 days ago');
		expect(relativeDay('2026-10-28', TODAY)).toBe('5 weeks ago');
	});
});
