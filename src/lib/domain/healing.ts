import { addDays, daysBetween } from './schedule';

/**
 * The healing window after microneedling, counted from the latest session: a few days of
 * redness, then flaking, then smoother skin; weeks of texture and tone improving; collagen
 * remodelling for about six months after the LAST session of a course.
 */
export const PHASES = [
	'redness',
	'flaking',
	'smoother',
	'texture',
	'remodelling',
	'settled'
] as const;
export type Phase = (typeof PHASES)[number];

export interface PhaseWording {
	title: string;
	advice: string;
}

/** Default wording; a clinic may replace any of it in its settings. */
export const DEFAULT_PHASE_WORDING: Record<Phase, PhaseWording> = {
	redness: {
		title: 'Redness and swelling',
		advice:
			'Like a mild sunburn; it settles in two to three days. Cleanse gently, use only the serum and moisturiser the clinic gave you, no make-up for 24 hours, and stay out of the sun.'
	},
	flaking: {
		title: 'Dryness and flaking',
		advice:
			'New skin is coming through. Do not pick or scrub; moisturise often and wear SPF 50 every day.'
	},
	smoother: {
		title: 'Smoother skin',
		advice:
			'The surface has healed. You can go back to your usual routine, but wait with retinoids and acids until the clinic says so. Keep up the sunscreen.'
	},
	texture: {
		title: 'Texture and tone improving',
		advice:
			'Collagen is being laid down under the surface; changes are gradual and easiest to see in your photos, not in the mirror.'
	},
	remodelling: {
		title: 'Collagen remodelling',
		advice:
			'Results keep building for months after your last session. Protect the skin from the sun and compare your photos month by month.'
	},
	settled: {
		title: 'Results settled',
		advice:
			'Your results have matured. Ask the clinic about a maintenance session once or twice a year.'
	}
};

/** Remodelling goes on for about six months after the last session of a course. */
export const REMODELLING_DAYS = 182;

export interface HealingState {
	phase: Phase;
	title: string;
	advice: string;
	daysSinceSession: number;
}

/**
 * Where the skin is in its healing today. `courseComplete` matters after week six: between
 * sessions the skin is still "texture and tone"; after the last one it is remodelling.
 */
export function healingPhase(
	lastSessionOn: string,
	todayIso: string,
	courseComplete: boolean,
	wording: Partial<Record<Phase, PhaseWording>> = {}
): HealingState {
	const days = daysBetween(lastSessionOn, todayIso);
	const phase: Phase =
		days <= 2
			? 'redness'
			: days <= 5
				? 'flaking'
				: days <= 7
					? 'smoother'
					: days <= 42 || !courseComplete
						? 'texture'
						: days <= REMODELLING_DAYS
							? 'remodelling'
							: 'settled';
	const words = { ...DEFAULT_PHASE_WORDING[phase], ...wording[phase] };
	return { phase, title: words.title, advice: words.advice, daysSinceSession: Math.max(0, days) };
}

/** "Session 2 of 4 · week 5": a session's place in its course and on the time axis. */
export function sessionLabel(index: number, planned: number, daysSinceFirst: number): string {
	return `Session ${index + 1} of ${planned} · week ${Math.floor(daysSinceFirst / 7) + 1}`;
}

export interface ResultsWindow {
	startsOn: string;
	endsOn: string;
	/** 0 at the first session, 1 once remodelling after the last session is over */
	fraction: number;
}

/**
 * The whole span in which results appear: from the first session to six months after the last
 * one (or after the last planned one, while the course is still going).
 */
export function resultsWindow(
	firstSessionOn: string,
	lastSessionOn: string,
	sessionsLeft: number,
	intervalWeeks: number,
	todayIso: string
): ResultsWindow {
	const lastPlanned = addDays(lastSessionOn, sessionsLeft * intervalWeeks * 7);
	const endsOn = addDays(lastPlanned, REMODELLING_DAYS);
	const total = daysBetween(firstSessionOn, endsOn);
	const done = daysBetween(firstSessionOn, todayIso);
	return { startsOn: firstSessionOn, endsOn, fraction: Math.min(1, Math.max(0, done / total)) };
}
