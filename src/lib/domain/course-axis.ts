import { addDays, daysBetween } from './schedule';
import { REMODELLING_DAYS } from './healing';

export interface AxisMark {
	/** days since the first session */
	day: number;
	/** 0–1 along the axis */
	at: number;
	label: string;
}

export interface CourseAxis {
	totalDays: number;
	sessions: (AxisMark & { n: number })[];
	/** sessions still to come, on the plan's interval after the latest one */
	planned: (AxisMark & { n: number })[];
	today: AxisMark | null;
	/** week labels, never more than six so they fit a phone */
	ticks: AxisMark[];
	summary: string;
}

const week = (day: number) => Math.floor(day / 7);

/**
 * A course laid out in days since its first session: the sessions done, the ones planned,
 * today, and the end of the results window (six months after the last planned session).
 */
export function courseAxis(
	sessionDates: string[],
	plannedSessions: number,
	intervalWeeks: number,
	todayIso: string
): CourseAxis | null {
	const first = sessionDates[0];
	if (!first) {
		return null;
	}
	const days = sessionDates.map((d) => daysBetween(first, d));
	const last = days.at(-1)!;
	const plannedDays = Array.from(
		{ length: Math.max(0, plannedSessions - days.length) },
		(_, i) => last + (i + 1) * intervalWeeks * 7
	);
	const todayDay = daysBetween(first, todayIso);
	const end = Math.max((plannedDays.at(-1) ?? last) + REMODELLING_DAYS, todayDay);
	const at = (day: number) => Math.min(1, Math.max(0, day / end));
	const stepWeeks = Math.max(1, Math.ceil(week(end) / 5 / 4) * 4);
	const ticks: AxisMark[] = [];
	for (let w = 0; w * 7 <= end; w += stepWeeks) {
		ticks.push({ day: w * 7, at: at(w * 7), label: `wk ${w}` });
	}
	const sessions = days.map((day, i) => ({
		day,
		at: at(day),
		n: i + 1,
		label: `Session ${i + 1}, week ${week(day) + 1}`
	}));
	const planned = plannedDays.map((day, i) => ({
		day,
		at: at(day),
		n: days.length + i + 1,
		label: `Session ${days.length + i + 1} due ${addDays(first, day)}`
	}));
	const today =
		todayDay >= 0
			? { day: todayDay, at: at(todayDay), label: `Today, week ${week(todayDay) + 1}` }
			: null;
	const summary = [
		...sessions.map((s) => `${s.label} (day ${s.day})`),
		...planned.map((p) => p.label),
		today ? `${today.label} (day ${today.day})` : null,
		`results window ends on ${addDays(first, end)}`
	]
		.filter(Boolean)
		.join('; ');
	return { totalDays: end, sessions, planned, today, ticks, summary };
}
