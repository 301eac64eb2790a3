import { daysBetween } from './schedule';
import { GRADE_NAMES, isGrade, type Grade } from './grades';

/**
 * A course's progress as two series over its sessions: the clinician's Goodman–Baron grade
 * (1 mildest … 4 most severe) and the patient's own 0–10 rating (higher is happier).
 * Missing values stay missing: no interpolated points, no lines across a gap.
 */

export const RATING_MIN = 0;
export const RATING_MAX = 10;

export interface SessionScores {
	id: string;
	performedOn: string;
	grade: number | null;
	patientSelfRating: number | null;
	patientNote: string | null;
}

export interface ProgressRow {
	id: string;
	/** 1-based place in the course */
	number: number;
	performedOn: string;
	/** week of the course, the first session's week being 1 */
	week: number;
	grade: number | null;
	rating: number | null;
	note: string | null;
	/** on or before today: a session still to come cannot be rated yet */
	ratable: boolean;
}

export function progressRows(sessions: readonly SessionScores[], todayIso: string): ProgressRow[] {
	const ordered = [...sessions].sort((a, b) => a.performedOn.localeCompare(b.performedOn));
	const first = ordered[0]?.performedOn;
	return ordered.map((s, i) => ({
		id: s.id,
		number: i + 1,
		performedOn: s.performedOn,
		week: Math.floor(daysBetween(first, s.performedOn) / 7) + 1,
		grade: isGrade(s.grade) ? s.grade : null,
		rating: s.patientSelfRating,
		note: s.patientNote,
		ratable: s.performedOn <= todayIso
	}));
}

/** The session to ask about: the latest one that has happened, while it has no rating. */
export function ratingPrompt(rows: readonly ProgressRow[]): ProgressRow | null {
	const latest = rows.filter((r) => r.ratable).at(-1);
	return latest && latest.rating === null ? latest : null;
}

/** Horizontal place of a session in percent of the plot; sessions are evenly spaced. */
export function xPercent(index: number, count: number): number {
	return count <= 1 ? 50 : (index / (count - 1)) * 100;
}

/** Vertical place in percent from the top: 10 at the top. */
export function ratingY(rating: number): number {
	return (1 - (rating - RATING_MIN) / (RATING_MAX - RATING_MIN)) * 100;
}

/** Grade 1 (mildest) at the top, so that "up" means better in both panels. */
export function gradeY(grade: number): number {
	return ((grade - 1) / 3) * 100;
}

/** Index runs of consecutive present values; a line is drawn within a run only. */
export function runs(values: readonly (number | null)[]): number[][] {
	const out: number[][] = [];
	let current: number[] = [];
	values.forEach((v, i) => {
		if (v === null) {
			if (current.length) {
				out.push(current);
			}
			current = [];
		} else {
			current.push(i);
		}
	});
	if (current.length) {
		out.push(current);
	}
	return out;
}

/** "went from 4 at session 1 to 8 at session 4", or null when no session has a value. */
function change(
	rows: readonly ProgressRow[],
	value: (r: ProgressRow) => number | null,
	say: (v: number) => string
): string | null {
	const present = rows.filter((r) => value(r) !== null);
	const first = present[0];
	const last = present.at(-1);
	if (!first || !last) {
		return null;
	}
	const [a, b] = [value(first)!, value(last)!];
	if (first === last) {
		return `was ${say(a)} at session ${first.number}`;
	}
	if (a === b) {
		return `stayed at ${say(a)} from session ${first.number} to ${last.number}`;
	}
	return `went from ${say(a)} at session ${first.number} to ${say(b)} at session ${last.number}`;
}

/** One paragraph a screen reader can say instead of the chart. */
export function progressSummary(rows: readonly ProgressRow[]): string {
	if (rows.length === 0) {
		return 'No sessions yet.';
	}
	const parts = [`${rows.length} ${rows.length === 1 ? 'session' : 'sessions'}.`];
	const rating = change(
		rows,
		(r) => r.rating,
		(v) => `${v}`
	);
	parts.push(
		rating
			? `Your own rating ${rating}, out of 10 (higher is better).`
			: 'You have not rated a session yet.'
	);
	const grade = change(
		rows,
		(r) => r.grade,
		(v) => `${v} (${GRADE_NAMES[v as Grade].toLowerCase()})`
	);
	parts.push(
		grade
			? `The clinic’s scar grade ${grade}; 1 is the mildest, 4 the most severe.`
			: 'The clinic has not graded a session yet.'
	);
	const unrated = rows.filter((r) => r.ratable && r.rating === null).map((r) => r.number);
	if (unrated.length && rating) {
		parts.push(`Not rated yet: session ${unrated.join(', ')}.`);
	}
	return parts.join(' ');
}
