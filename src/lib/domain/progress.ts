import { daysBetween } from './schedule';
import {
	betterInWords,
	formatGrade,
	gradeProblem,
	scaleOf,
	stepOf,
	type GradingScaleId
} from './grading-scales';

/**
 * A course's progress as two series over its sessions: the clinician's grade on the course's
 * scale (grading-scales.ts) and the patient's own 0–10 rating (higher is happier). Missing
 * values stay missing: no interpolated points, no lines across a gap. A grade recorded on
 * another scale (Goodman–Baron, before each concern had its own) is listed, never plotted.
 */

export const RATING_MIN = 0;
export const RATING_MAX = 10;

export interface SessionScores {
	id: string;
	performedOn: string;
	grade: number | null;
	gradeScale: GradingScaleId | null;
	patientSelfRating: number | null;
	patientNote: string | null;
}

/** A grade with the scale it was recorded on. */
export interface ScaledGrade {
	scale: GradingScaleId;
	value: number;
}

export interface ProgressRow {
	id: string;
	/** 1-based place in the course */
	number: number;
	performedOn: string;
	/** week of the course, the first session's week being 1 */
	week: number;
	/** the grade on the course's scale: what the chart plots */
	grade: number | null;
	/** a grade recorded on another scale: kept and listed under its own scale's name */
	otherGrade: ScaledGrade | null;
	/** the session later ones are compared with, on a scale graded against the first session */
	baseline: boolean;
	rating: number | null;
	note: string | null;
	/** on or before today: a session still to come cannot be rated yet */
	ratable: boolean;
}

/** A stored grade, if it is a value of the scale it names (anything else is not shown). */
function scaled(s: SessionScores): ScaledGrade | null {
	return s.grade !== null && s.gradeScale && !gradeProblem(s.gradeScale, s.grade)
		? { scale: s.gradeScale, value: s.grade }
		: null;
}

/** `scale` is the course's, from its concern; null for a concern without one. */
export function progressRows(
	sessions: readonly SessionScores[],
	todayIso: string,
	scale: GradingScaleId | null
): ProgressRow[] {
	const ordered = [...sessions].sort((a, b) => a.performedOn.localeCompare(b.performedOn));
	const first = ordered[0]?.performedOn;
	const againstBaseline = scale !== null && scaleOf(scale).againstBaseline;
	return ordered.map((s, i) => {
		const g = scaled(s);
		const onScale = g !== null && g.scale === scale;
		return {
			id: s.id,
			number: i + 1,
			performedOn: s.performedOn,
			week: Math.floor(daysBetween(first, s.performedOn) / 7) + 1,
			grade: onScale ? g.value : null,
			otherGrade: onScale ? null : g,
			baseline: againstBaseline && i === 0,
			rating: s.patientSelfRating,
			note: s.patientNote,
			ratable: s.performedOn <= todayIso
		};
	});
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

/** "5 (class II)", "2 (mild)", "7.2": a grade as a sentence says it. */
export function gradeInWords(scale: GradingScaleId, value: number): string {
	const step = stepOf(scale, value);
	const label = step && step.label[0].toLowerCase() + step.label.slice(1);
	return label ? `${value} (${label})` : formatGrade(scale, value);
}

/** What the sessions graded on another scale are, in one sentence; null when there are none. */
export function otherGradesNote(rows: readonly ProgressRow[]): string | null {
	const others = rows.filter((r) => r.otherGrade);
	if (!others.length) {
		return null;
	}
	const names = [...new Set(others.map((r) => scaleOf(r.otherGrade!.scale).shortName))];
	const which = others.map((r) => r.number).join(', ');
	return `${others.length === 1 ? 'Session' : 'Sessions'} ${which}: recorded on ${names.join(' and ')} before per-concern scales; not converted.`;
}

/** One paragraph a screen reader can say instead of the chart. */
export function progressSummary(
	rows: readonly ProgressRow[],
	scale: GradingScaleId | null
): string {
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
	if (scale) {
		const s = scaleOf(scale);
		const grade = change(
			rows,
			(r) => r.grade,
			(v) => gradeInWords(scale, v)
		);
		parts.push(
			grade
				? `The clinic’s ${s.valueName} ${grade}, on a scale of ${s.min} to ${s.max} where ${betterInWords(scale)}.`
				: `The clinic has not graded a session on ${s.shortName} yet.`
		);
	}
	const others = otherGradesNote(rows);
	if (others) {
		parts.push(others);
	}
	const unrated = rows.filter((r) => r.ratable && r.rating === null).map((r) => r.number);
	if (unrated.length && rating) {
		parts.push(`Not rated yet: session ${unrated.join(', ')}.`);
	}
	return parts.join(' ');
}
