import type { Concern } from './concerns';
import { GRADING_SCALES, type GradingScaleId } from './grading-scale-ids';

/**
 * The published scales a clinician grades a session on, one per concern (issue 15): what each
 * value means, where the scale comes from, which end is better, and how a grade is checked.
 * A grade is stored with its scale's id and only ever read on that scale: grades are never
 * converted from one scale to another.
 */

export { GRADING_SCALES, type GradingScaleId };

export interface ScaleStep {
	value: number;
	/** "Mild", "Class II", "Much improved" */
	label: string;
	/** what the clinician looks for */
	description: string;
}

export interface GradingScale {
	id: GradingScaleId;
	/** the published name */
	name: string;
	/** as it is said in a sentence or a column: "Goodman–Baron", "FWES" */
	shortName: string;
	/** what one value is called, within a sentence: "Goodman–Baron scar grade" */
	valueName: string;
	/** the same as a heading or a label */
	valueTitle: string;
	/** what the scale measures, in a sentence */
	measures: string;
	citation: string;
	/** the citation in a footnote: "Goodman & Baron, Dermatol Surg 2006" */
	source: string;
	min: number;
	max: number;
	/** every scale here reads lower as better; modelled so that a chart never assumes it */
	direction: 'lower_is_better' | 'higher_is_better';
	/** whole steps a clinician picks, or a score computed from inputs (mMASI) */
	kind: 'steps' | 'computed';
	steps: readonly ScaleStep[];
	/** graded against the course's first session, which is the baseline and has no grade */
	againstBaseline: boolean;
	/** where the chart draws a labelled line */
	axis: readonly { value: number; label: string }[];
}

const FWES_CLASSES = [
	{
		label: 'Class I',
		description:
			'fine wrinkles; mild elastosis (fine textural changes, subtly accentuated skin lines)'
	},
	{
		label: 'Class II',
		description:
			'fine to moderate-depth wrinkles, moderate number of lines; moderate elastosis (distinct papular elastosis, dyschromia)'
	},
	{
		label: 'Class III',
		description:
			'fine to deep wrinkles, numerous lines, with or without redundant skin folds; severe elastosis'
	}
] as const;

export const SCALES: Record<GradingScaleId, GradingScale> = {
	goodman_baron: {
		id: 'goodman_baron',
		name: 'Goodman & Baron qualitative global scarring grading system',
		shortName: 'Goodman–Baron',
		valueName: 'Goodman–Baron scar grade',
		valueTitle: 'Goodman–Baron scar grade',
		measures:
			'How visible acne scarring is, from flat marks to scars that stretching cannot flatten.',
		citation:
			'Goodman GJ, Baron JA. Postacne scarring: a qualitative global scarring grading system. Dermatol Surg. 2006;32(12):1458–1466.',
		source: 'Goodman & Baron, Dermatol Surg 2006',
		min: 1,
		max: 4,
		direction: 'lower_is_better',
		kind: 'steps',
		steps: [
			{ value: 1, label: 'Macular', description: 'flat marks, red or discoloured' },
			{
				value: 2,
				label: 'Mild',
				description: 'not obvious at social distance (50 cm), covered by make-up'
			},
			{
				value: 3,
				label: 'Moderate',
				description: 'obvious at social distance, flattened by stretching the skin'
			},
			{ value: 4, label: 'Severe', description: 'obvious, not flattened by stretching' }
		],
		againstBaseline: false,
		axis: [
			{ value: 1, label: '1 Macular' },
			{ value: 2, label: '2 Mild' },
			{ value: 3, label: '3 Moderate' },
			{ value: 4, label: '4 Severe' }
		]
	},
	fwes: {
		id: 'fwes',
		name: 'Fitzpatrick Wrinkle and Elastosis Scale',
		shortName: 'FWES',
		valueName: 'Fitzpatrick wrinkle score',
		valueTitle: 'Fitzpatrick wrinkle score',
		measures: 'Wrinkling and elastosis of sun-aged skin, scored 1 to 9 in three classes of three.',
		citation:
			'Fitzpatrick RE, Goldman MP, Satur NM, Tope WD. Pulsed carbon dioxide laser resurfacing of photoaged facial skin. Arch Dermatol. 1996;132(4):395–402.',
		source: 'Fitzpatrick et al., Arch Dermatol 1996',
		min: 1,
		max: 9,
		direction: 'lower_is_better',
		kind: 'steps',
		steps: [1, 2, 3, 4, 5, 6, 7, 8, 9].map((value) => ({
			value,
			...FWES_CLASSES[Math.floor((value - 1) / 3)]
		})),
		againstBaseline: false,
		axis: [1, 3, 5, 7, 9].map((value) => ({ value, label: String(value) }))
	},
	mmasi: {
		id: 'mmasi',
		name: 'modified Melasma Area and Severity Index',
		shortName: 'mMASI',
		valueName: 'mMASI score',
		valueTitle: 'mMASI score',
		measures:
			'Area and darkness of pigmentation on the forehead, both cheeks (malar) and chin, computed into a score from 0 to 24.',
		citation:
			'Pandya AG, Hynan LS, Bhore R, et al. Reliability assessment and validation of the Melasma Area and Severity Index (MASI) and a new modified MASI scoring method. J Am Acad Dermatol. 2011;64(1):78–83.',
		source: 'Pandya et al., J Am Acad Dermatol 2011',
		min: 0,
		max: 24,
		direction: 'lower_is_better',
		kind: 'computed',
		steps: [],
		againstBaseline: false,
		axis: [0, 6, 12, 18, 24].map((value) => ({ value, label: String(value) }))
	},
	gais: {
		id: 'gais',
		name: 'Global Aesthetic Improvement Scale',
		shortName: 'GAIS',
		valueName: 'improvement since session 1 (GAIS)',
		valueTitle: 'Improvement since session 1 (GAIS)',
		measures:
			'Change compared with the first session of the course, for concerns no severity scale fits.',
		citation:
			'Narins RS, Brandt F, Leyden J, Lorenc ZP, Rubin M, Smith S. A randomized, double-blind, multicenter comparison of the efficacy and tolerability of Restylane versus Zyplast for the correction of nasolabial folds. Dermatol Surg. 2003;29(6):588–595.',
		source: 'Narins et al., Dermatol Surg 2003',
		min: 1,
		max: 5,
		direction: 'lower_is_better',
		kind: 'steps',
		steps: [
			{ value: 1, label: 'Very much improved', description: 'optimal result' },
			{ value: 2, label: 'Much improved', description: 'marked improvement, not quite optimal' },
			{ value: 3, label: 'Improved', description: 'obvious improvement' },
			{ value: 4, label: 'No change', description: 'looks as it did at session 1' },
			{ value: 5, label: 'Worse', description: 'worse than at session 1' }
		],
		againstBaseline: true,
		axis: [
			{ value: 1, label: 'Very much' },
			{ value: 2, label: 'Much' },
			{ value: 3, label: 'Improved' },
			{ value: 4, label: 'No change' },
			{ value: 5, label: 'Worse' }
		]
	}
};

const CONCERN_SCALES: Record<Concern, GradingScaleId> = {
	acne_scars: 'goodman_baron',
	fine_lines: 'fwes',
	wrinkles: 'fwes',
	pigmentation: 'mmasi',
	stretch_marks: 'gais',
	texture: 'gais'
};

export function isGradingScale(value: unknown): value is GradingScaleId {
	return typeof value === 'string' && (GRADING_SCALES as readonly string[]).includes(value);
}

/** The scale a course of this concern is graded on; null for a concern this app does not know. */
export function scaleForConcern(concern: string): GradingScaleId | null {
	return Object.hasOwn(CONCERN_SCALES, concern) ? CONCERN_SCALES[concern as Concern] : null;
}

export function scaleOf(id: GradingScaleId): GradingScale {
	return SCALES[id];
}

/** "better" in words: "lower is better". */
export function betterInWords(id: GradingScaleId): string {
	return SCALES[id].direction === 'lower_is_better' ? 'lower is better' : 'higher is better';
}

/** The step of a whole-step scale a value is, if it is one. */
export function stepOf(id: GradingScaleId, value: number): ScaleStep | undefined {
	return SCALES[id].steps.find((s) => s.value === value);
}

export interface StepGroup {
	label: string;
	description: string;
	steps: ScaleStep[];
}

/** Consecutive steps that share a label (FWES's classes of three), as one group each. */
export function stepGroups(id: GradingScaleId): StepGroup[] {
	const out: StepGroup[] = [];
	for (const step of SCALES[id].steps) {
		const last = out.at(-1);
		if (last && last.label === step.label) {
			last.steps.push(step);
		} else {
			out.push({ label: step.label, description: step.description, steps: [step] });
		}
	}
	return out;
}

/** "1–3" for a group of steps, "2" for one. */
export function groupRange(g: StepGroup): string {
	const first = g.steps[0].value;
	const last = g.steps.at(-1)!.value;
	return first === last ? String(first) : `${first}–${last}`;
}

/** How a score is written: mMASI with one decimal, the others as whole steps. */
export function formatGrade(id: GradingScaleId, value: number): string {
	return SCALES[id].kind === 'computed' ? value.toFixed(1) : String(value);
}

/** "2 · Mild", "5 · Class II", "7.2 of 24", or the bare number for anything off the scale. */
export function gradeLabel(id: GradingScaleId, value: number): string {
	const scale = SCALES[id];
	if (scale.kind === 'computed') {
		return `${formatGrade(id, value)} of ${scale.max}`;
	}
	const step = stepOf(id, value);
	return step ? `${value} · ${step.label}` : String(value);
}

/** Why a value cannot be recorded on the scale, or null when it can. */
export function gradeProblem(id: GradingScaleId, value: number): string | null {
	const scale = SCALES[id];
	const range = `from ${scale.min} to ${scale.max}`;
	if (!Number.isFinite(value) || value < scale.min || value > scale.max) {
		return `The ${scale.valueName} must be ${range}.`;
	}
	if (scale.kind === 'steps' && !Number.isInteger(value)) {
		return `The ${scale.valueName} is a whole number ${range}.`;
	}
	if (scale.kind === 'computed' && Math.round(value * 10) !== value * 10) {
		return `The ${scale.valueName} has one decimal place.`;
	}
	return null;
}

// mMASI = 0.3·A·D (forehead) + 0.3·A·D (right malar) + 0.3·A·D (left malar) + 0.1·A·D (chin)

export const MMASI_REGIONS = [
	{ id: 'forehead', label: 'Forehead', tenths: 3 },
	{ id: 'rightMalar', label: 'Right cheek (malar)', tenths: 3 },
	{ id: 'leftMalar', label: 'Left cheek (malar)', tenths: 3 },
	{ id: 'chin', label: 'Chin', tenths: 1 }
] as const;
export type MmasiRegion = (typeof MMASI_REGIONS)[number]['id'];

export const MMASI_AREA = [
	'0 · none',
	'1 · under 10 %',
	'2 · 10–29 %',
	'3 · 30–49 %',
	'4 · 50–69 %',
	'5 · 70–89 %',
	'6 · 90–100 %'
] as const;
export const MMASI_DARKNESS = [
	'0 · absent',
	'1 · slight',
	'2 · mild',
	'3 · marked',
	'4 · severe'
] as const;

/** The eight inputs, keyed `foreheadArea`, `foreheadDarkness`, … as stored in grade_detail. */
export type MmasiInputs = Record<`${MmasiRegion}${'Area' | 'Darkness'}`, number>;
export const MMASI_INPUT_KEYS = MMASI_REGIONS.flatMap((r) => [
	`${r.id}Area` as const,
	`${r.id}Darkness` as const
]);

/** Why these inputs cannot be scored (area 0–6, darkness 0–4, whole numbers), or null. */
export function mmasiProblem(inputs: Partial<Record<string, number>>): string | null {
	for (const r of MMASI_REGIONS) {
		const area = inputs[`${r.id}Area`];
		const darkness = inputs[`${r.id}Darkness`];
		if (area === undefined || !Number.isInteger(area) || area < 0 || area > 6) {
			return `Choose the area of ${r.label.toLowerCase()} pigmentation, 0 to 6.`;
		}
		if (darkness === undefined || !Number.isInteger(darkness) || darkness < 0 || darkness > 4) {
			return `Choose the darkness of ${r.label.toLowerCase()} pigmentation, 0 to 4.`;
		}
	}
	return null;
}

/**
 * The mMASI score, 0 to 24 with one decimal. Summed in tenths as whole numbers, so that
 * 0.3 × 6 × 4 is exactly 7.2 and not 7.199999….
 */
export function mmasiScore(inputs: MmasiInputs): number {
	const tenths = MMASI_REGIONS.reduce(
		(sum, r) => sum + r.tenths * inputs[`${r.id}Area`] * inputs[`${r.id}Darkness`],
		0
	);
	return tenths / 10;
}

/** A footnote naming the scale, its range and direction, and its source. */
export function aboutScale(id: GradingScaleId): string {
	const s = SCALES[id];
	return `${s.valueTitle}: ${s.name} (${s.shortName}), ${s.min} to ${s.max}, ${betterInWords(id)}. Source: ${s.source}.`;
}

/** Vertical place in percent from the top of a chart, the better end at the top. */
export function gradeY(id: GradingScaleId, value: number): number {
	const { min, max, direction } = SCALES[id];
	const share = (value - min) / (max - min);
	return (direction === 'lower_is_better' ? share : 1 - share) * 100;
}

/** What a form gave for a grade, before it is checked on the course's scale. */
export type GradeEntry = { value: number } | { mmasi: Partial<Record<string, number>> };

export type CheckedGrade =
	| { ok: true; grade: number; gradeScale: GradingScaleId; gradeDetail: MmasiInputs | null }
	| { ok: false; message: string };

/**
 * A grade as it is recorded: checked on the scale (the course's, never the form's), an mMASI
 * score computed from its inputs (a posted score is never trusted), and no GAIS grade for the
 * baseline session that later ones are compared with.
 */
export function checkGrade(
	id: GradingScaleId,
	entry: GradeEntry,
	{ baseline }: { baseline: boolean }
): CheckedGrade {
	const scale = SCALES[id];
	if (scale.againstBaseline && baseline) {
		return {
			ok: false,
			message: `The first session is the baseline later sessions are compared with; it is not graded on ${scale.shortName}.`
		};
	}
	if (scale.kind === 'computed') {
		if (!('mmasi' in entry)) {
			return { ok: false, message: `Enter the ${scale.shortName} area and darkness per region.` };
		}
		const problem = mmasiProblem(entry.mmasi);
		if (problem) {
			return { ok: false, message: problem };
		}
		const detail = Object.fromEntries(
			MMASI_INPUT_KEYS.map((k) => [k, entry.mmasi[k]!])
		) as MmasiInputs;
		return { ok: true, grade: mmasiScore(detail), gradeScale: id, gradeDetail: detail };
	}
	if (!('value' in entry)) {
		return { ok: false, message: `Choose the ${scale.valueName}.` };
	}
	const problem = gradeProblem(id, entry.value);
	return problem
		? { ok: false, message: problem }
		: { ok: true, grade: entry.value, gradeScale: id, gradeDetail: null };
}
