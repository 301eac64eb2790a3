import { describe, expect, it } from 'vitest';
import { courseAxis } from './course-axis';

describe('courseAxis', () => {
	it('places sessions by days since the first one, and today', () => {
		const a = courseAxis(['2026-01-05', '2026-02-02', '2026-03-02'], 3, 4, '2026-04-13')!;
		expect(a.sessions.map((s) => s.day)).toEqual([0, 28, 56]);
		expect(a.planned).toEqual([]);
		expect(a.totalDays).toBe(56 + 182);
		expect(a.sessions[2].at).toBeCloseTo(56 / 238);
		expect(a.today).toMatchObject({ day: 98, label: 'Today, week 15' });
		expect(a.summary).toContain('Session 2, week 5 (day 28)');
		expect(a.summary).toContain('results window ends on 2026-08-31');
	});

	it('puts the sessions still to come on the plan’s interval', () => {
		const a = courseAxis(['2026-01-05'], 3, 6, '2026-01-10')!;
		expect(a.planned.map((p) => [p.n, p.day])).toEqual([
			[2, 42],
			[3, 84]
		]);
		expect(a.planned[0].label).toBe('Session 2 due 2026-02-16');
		expect(a.totalDays).toBe(84 + 182);
	});

	it('keeps week labels to six or fewer, and today on the axis even long after', () => {
		const a = courseAxis(['2025-01-06', '2025-02-03'], 2, 4, '2026-06-01')!;
		expect(a.ticks.length).toBeLessThanOrEqual(6);
		expect(a.ticks[0].label).toBe('wk 0');
		expect(a.today!.at).toBe(1);
		expect(courseAxis([], 3, 4, '2026-01-01')).toBeNull();
	});
});
