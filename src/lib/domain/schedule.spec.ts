import { describe, expect, it } from 'vitest';
import { addDays, courseProgress, daysBetween, parseIsoDate } from './schedule';

describe('calendar dates', () => {
	it('adds days across month and leap-year ends', () => {
		expect(addDays('2028-02-27', 2)).toBe('2028-02-29');
		expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
		expect(daysBetween('2026-01-01', '2026-03-01')).toBe(59);
	});
	it('refuses impossible dates', () => {
		expect(() => parseIsoDate('2026-02-30')).toThrow(RangeError);
		expect(() => parseIsoDate('yesterday')).toThrow(RangeError);
	});
});

describe('courseProgress', () => {
	const course = { plannedSessions: 3, intervalWeeks: 4, startedOn: '2026-01-05' };
	it('is due on the start date before any session', () => {
		expect(courseProgress(course, [], '2026-01-01')).toEqual({
			done: 0,
			planned: 3,
			nextDueOn: '2026-01-05',
			overdue: false
		});
	});
	it('is due one interval after the latest session, and overdue a week past that', () => {
		const p = courseProgress(course, ['2026-02-02', '2026-01-05'], '2026-03-10');
		expect(p.nextDueOn).toBe('2026-03-02');
		expect(p.overdue).toBe(true);
		expect(courseProgress(course, ['2026-01-05'], '2026-02-09').overdue).toBe(false);
	});
	it('has nothing due once complete', () => {
		const p = courseProgress(course, ['2026-01-05', '2026-02-02', '2026-03-02'], '2027-01-01');
		expect(p).toMatchObject({ done: 3, nextDueOn: null, overdue: false });
	});
});
