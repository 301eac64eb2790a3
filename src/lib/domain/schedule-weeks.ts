/**
 * The front desk's schedule: due sessions in calendar weeks (Monday to Sunday, the clinic's
 * today), overdue ones first. When a session is due and whether it is overdue come from
 * schedule.ts (courseProgress); this only sorts, groups, filters and words them.
 */
import { addDays, daysBetween, parseIsoDate } from './schedule';

/** How far ahead the schedule looks, in weeks counting this one; 4 unless asked. */
export const WEEK_RANGES = [2, 4, 8] as const;
export type WeekRange = (typeof WEEK_RANGES)[number];
export const DEFAULT_WEEK_RANGE: WeekRange = 4;

export interface Due {
	nextDueOn: string;
	overdue: boolean;
}

/** The Monday of the week `iso` falls in. */
export function mondayOf(iso: string): string {
	const weekday = parseIsoDate(iso).getUTCDay(); // 0 is Sunday
	return addDays(iso, -((weekday + 6) % 7));
}

/** The last day the schedule shows: the Sunday ending the `weeks`-th week from this one. */
export function lastDayShown(todayIso: string, weeks: WeekRange): string {
	return addDays(mondayOf(todayIso), weeks * 7 - 1);
}

/** 'overdue', 'this', 'next' or, further ahead, the Monday of the week. */
export type WeekKey = 'overdue' | 'this' | 'next' | `week:${string}`;

export interface WeekGroup<T> {
	key: WeekKey;
	/** the Monday of a later week ("Week of 14 Dec"); null for the named groups */
	weekOf: string | null;
	rows: T[];
}

export function weekKey(due: Due, todayIso: string): WeekKey {
	if (due.overdue) {
		return 'overdue';
	}
	const nextMonday = addDays(mondayOf(todayIso), 7);
	// due a few days ago but not yet overdue: still this week's work
	if (due.nextDueOn < nextMonday) {
		return 'this';
	}
	const monday = mondayOf(due.nextDueOn);
	return monday === nextMonday ? 'next' : `week:${monday}`;
}

/** Rows in week groups, overdue first, then week by week; soonest first within each. */
export function groupByWeek<T extends Due>(rows: readonly T[], todayIso: string): WeekGroup<T>[] {
	const groups = new Map<WeekKey, WeekGroup<T>>();
	const sorted = [...rows].sort((a, b) => a.nextDueOn.localeCompare(b.nextDueOn));
	for (const row of sorted) {
		const key = weekKey(row, todayIso);
		let group = groups.get(key);
		if (!group) {
			group = { key, weekOf: key.startsWith('week:') ? key.slice(5) : null, rows: [] };
			groups.set(key, group);
		}
		group.rows.push(row);
	}
	const rank = (k: WeekKey) => (k === 'overdue' ? 0 : k === 'this' ? 1 : k === 'next' ? 2 : 3);
	return [...groups.values()].sort(
		(a, b) => rank(a.key) - rank(b.key) || a.key.localeCompare(b.key)
	);
}

export interface ScheduleQuery {
	weeks: WeekRange;
	concern: string | null;
	/** only those no one has contacted about this due date yet */
	uncontacted: boolean;
	/** part of the patient's name */
	q: string;
}

export interface SchedulableRow extends Due {
	patientName: string;
	concern: string;
	contacted: boolean;
}

const folded = (s: string) =>
	s
		.normalize('NFKD')
		.replace(/[\u0300-\u036f]/g, '')
		.toLocaleLowerCase('en');

/** The rows the query asks for: in the range (overdue always), of the concern, name matching. */
export function filterSchedule<T extends SchedulableRow>(
	rows: readonly T[],
	query: ScheduleQuery,
	todayIso: string
): T[] {
	const last = lastDayShown(todayIso, query.weeks);
	const q = folded(query.q.trim());
	return rows.filter(
		(r) =>
			(r.overdue || r.nextDueOn <= last) &&
			(!query.concern || r.concern === query.concern) &&
			(!query.uncontacted || !r.contacted) &&
			(!q || folded(r.patientName).includes(q))
	);
}

/** "today", "tomorrow", "in 5 days", "in 3 weeks", "yesterday", "9 days ago", "5 weeks ago". */
export function relativeDay(dueIso: string, todayIso: string): string {
	const d = daysBetween(todayIso, dueIso);
	const n = Math.abs(d);
	if (d === 0) {
		return 'today';
	}
	if (n === 1) {
		return d > 0 ? 'tomorrow' : 'yesterday';
	}
	const amount = n < 14 ? `${n} days` : `${Math.round(n / 7)} weeks`;
	return d > 0 ? `in ${amount}` : `${amount} ago`;
}
