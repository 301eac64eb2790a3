/** Calendar arithmetic on ISO dates (YYYY-MM-DD), in UTC so no timezone shifts a day. */
const DAY_MS = 24 * 60 * 60 * 1000;

export function parseIsoDate(iso: string): Date {
	const d = new Date(`${iso}T00:00:00Z`);
	if (Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== iso) {
		throw new RangeError(`Not a calendar date: ${iso}`);
	}
	return d;
}

export function toIsoDate(date: Date): string {
	return date.toISOString().slice(0, 10);
}

export function addDays(iso: string, days: number): string {
	return toIsoDate(new Date(parseIsoDate(iso).getTime() + days * DAY_MS));
}

export function daysBetween(fromIso: string, toIso: string): number {
	return Math.round((parseIsoDate(toIso).getTime() - parseIsoDate(fromIso).getTime()) / DAY_MS);
}

export interface CourseProgress {
	done: number;
	planned: number;
	/** null once every planned session is done */
	nextDueOn: string | null;
	overdue: boolean;
}

/** Where a course stands: the next session is due one interval after the last one. */
export function courseProgress(
	course: { plannedSessions: number; intervalWeeks: number; startedOn: string },
	sessionDates: readonly string[],
	todayIso: string
): CourseProgress {
	const done = sessionDates.length;
	if (done >= course.plannedSessions) {
		return { done, planned: course.plannedSessions, nextDueOn: null, overdue: false };
	}
	const last = [...sessionDates].sort().at(-1);
	const nextDueOn = last ? addDays(last, course.intervalWeeks * 7) : course.startedOn;
	return {
		done,
		planned: course.plannedSessions,
		nextDueOn,
		overdue: daysBetween(nextDueOn, todayIso) > 7
	};
}
