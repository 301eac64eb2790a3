import {
	mmasiScore,
	scaleForConcern,
	type GradingScaleId,
	type MmasiInputs
} from '../../lib/domain/grading-scales';
import type { DemoPatient } from './people';

/**
 * The demo's grades, each course on its concern's scale, improving the way courses do: most
 * in the first sessions, then less. Hannah's first two sessions keep the Goodman–Baron grade
 * they were given before each concern had its own scale, so the "not converted" note shows.
 */
export const LEGACY_GRADED: Readonly<Record<string, number>> = { 'Hannah Schultz': 2 };

type Graded = {
	grade: number | null;
	gradeScale: GradingScaleId | null;
	gradeDetail: MmasiInputs | null;
};

const none: Graded = { grade: null, gradeScale: null, gradeDetail: null };

/** From `from` towards `to` as the course goes on (t from 0 to 1), in whole steps. */
const toward = (from: number, to: number, t: number) => Math.round(from + (to - from) * t);

export function demoGrade(p: DemoPatient, n: number): Graded {
	const t = p.plannedSessions <= 1 ? 0 : Math.min(1, n / (p.plannedSessions - 1));
	if (n < (LEGACY_GRADED[p.name] ?? 0)) {
		return { grade: 3, gradeScale: 'goodman_baron', gradeDetail: null };
	}
	switch (scaleForConcern(p.concern)) {
		case 'goodman_baron':
			return { grade: toward(4, 1, t), gradeScale: 'goodman_baron', gradeDetail: null };
		case 'fwes':
			return {
				grade: toward(p.concern === 'wrinkles' ? 7 : 5, p.concern === 'wrinkles' ? 4 : 2, t),
				gradeScale: 'fwes',
				gradeDetail: null
			};
		case 'mmasi': {
			const detail: MmasiInputs = {
				foreheadArea: toward(3, 1, t),
				foreheadDarkness: toward(3, 1, t),
				rightMalarArea: toward(4, 2, t),
				rightMalarDarkness: toward(3, 1, t),
				leftMalarArea: toward(4, 2, t),
				leftMalarDarkness: toward(3, 2, t),
				chinArea: toward(1, 0, t),
				chinDarkness: toward(2, 0, t)
			};
			return { grade: mmasiScore(detail), gradeScale: 'mmasi', gradeDetail: detail };
		}
		case 'gais':
			// the first session is the baseline the others are compared with
			return n === 0 ? none : { grade: n < 3 ? 3 : 2, gradeScale: 'gais', gradeDetail: null };
		default:
			return none;
	}
}
