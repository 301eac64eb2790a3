import { AREA_LABELS, CONCERN_LABELS, isConcern, type Area } from './concerns';
import { daysBetween } from './schedule';

export interface CaseFacts {
	concern: string;
	area: string;
	/** sessions performed from the day of the before photo up to (not including) the after one */
	sessionsCount: number;
	weeksElapsed: number;
}

/** The facts of a case as the data states them: nothing typed by hand. */
export function caseFacts(input: {
	concern: string;
	areas: string[];
	sessionDates: string[];
	beforeOn: string;
	afterOn: string;
}): CaseFacts {
	return {
		concern: input.concern,
		area: input.areas[0] ?? 'cheeks',
		// photos are taken before the treatment of the same day, so that day's session counts
		// for the after photo only when it came later
		sessionsCount: input.sessionDates.filter((d) => d >= input.beforeOn && d < input.afterOn)
			.length,
		weeksElapsed: Math.floor(daysBetween(input.beforeOn, input.afterOn) / 7)
	};
}

export function concernLabel(concern: string): string {
	return isConcern(concern) ? CONCERN_LABELS[concern] : concern;
}

export function areaLabel(area: string): string {
	return AREA_LABELS[area as Area] ?? area;
}

/** "Acne scars, cheeks — 3 sessions, 16 weeks apart": the default title of a case. */
export function defaultCaseTitle(f: CaseFacts): string {
	const sessions = `${f.sessionsCount} session${f.sessionsCount === 1 ? '' : 's'}`;
	return `${concernLabel(f.concern)}, ${areaLabel(f.area).toLowerCase()} — ${sessions}, ${f.weeksElapsed} weeks apart`;
}
