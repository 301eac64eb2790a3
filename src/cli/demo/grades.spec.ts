import { describe, expect, it } from 'vitest';
import { checkGrade, scaleForConcern } from '../../lib/domain/grading-scales';
import { DEMO_PATIENTS } from './people';
import { demoGrade, LEGACY_GRADED } from './grades';

describe('demo grades', () => {
	it('grade every course on its concern’s scale, valid there, and never worse than before', () => {
		for (const p of DEMO_PATIENTS) {
			const scale = scaleForConcern(p.concern)!;
			const grades = Array.from({ length: p.plannedSessions }, (_, n) => demoGrade(p, n));
			const own = grades.filter((g, n) => n >= (LEGACY_GRADED[p.name] ?? 0) && g.grade !== null);
			for (const [n, g] of grades.entries()) {
				if (g.grade === null) {
					continue;
				}
				const entry = g.gradeDetail ? { mmasi: g.gradeDetail } : { value: g.grade };
				expect(checkGrade(g.gradeScale!, entry, { baseline: n === 0 }), p.name).toMatchObject({
					ok: true,
					grade: g.grade
				});
			}
			expect(
				own.every((g) => g.gradeScale === scale),
				p.name
			).toBe(true);
			const values = own.map((g) => g.grade!);
			expect(values, p.name).toEqual([...values].sort((a, b) => b - a));
		}
	});

	it('leave GAIS off the baseline session, and keep a legacy Goodman–Baron grade on a non-acne course', () => {
		const sofia = DEMO_PATIENTS.find((p) => p.concern === 'stretch_marks')!;
		expect(demoGrade(sofia, 0).grade).toBeNull();
		expect(demoGrade(sofia, 1)).toMatchObject({ gradeScale: 'gais', grade: 3 });
		const hannah = DEMO_PATIENTS.find((p) => p.name === 'Hannah Schultz')!;
		expect(hannah.concern).not.toBe('acne_scars');
		expect(demoGrade(hannah, 0).gradeScale).toBe('goodman_baron');
		expect(demoGrade(hannah, 3).gradeScale).toBe('fwes');
	});
});
