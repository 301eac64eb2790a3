import { z } from 'zod';
import { AREAS, CONCERNS } from '../../domain/concerns';
import {
	MMASI_INPUT_KEYS,
	scaleForConcern,
	scaleOf,
	type GradeEntry
} from '../../domain/grading-scales';
import { parseValues, type Parsed } from '../http/validation';

// The course and session forms of the patient page, read into what courses.ts writes.

const isoDate = z
	.string()
	.regex(/^\d{4}-\d{2}-\d{2}$/, 'Enter a date.')
	.refine((v) => !Number.isNaN(Date.parse(v)), 'Enter a real date.');
const intIn = (min: number, max: number, what: string) =>
	z.coerce
		.number(`Enter ${what}.`)
		.int(`Enter ${what} as a whole number.`)
		.min(min, `${what} must be at least ${min}.`)
		.max(max, `${what} must be at most ${max}.`);

const courseSchema = z.object({
	concern: z.enum(CONCERNS, 'Choose the concern.'),
	areas: z.array(z.enum(AREAS as [string, ...string[]])).min(1, 'Choose at least one area.'),
	plannedSessions: intIn(1, 12, 'Planned sessions'),
	intervalWeeks: intIn(1, 52, 'Weeks between sessions'),
	startedOn: isoDate
});
export type CourseInput = z.infer<typeof courseSchema>;

export function parseCourseForm(data: FormData): Parsed<CourseInput> {
	return parseValues(courseSchema, {
		concern: data.get('concern'),
		areas: data.getAll('areas').map(String),
		plannedSessions: data.get('plannedSessions'),
		intervalWeeks: data.get('intervalWeeks'),
		startedOn: data.get('startedOn')
	});
}

const depth = z.coerce
	.number('Enter needle depths in millimetres.')
	.min(0.25, 'Needle depth must be between 0.25 and 2.5 mm.')
	.max(2.5, 'Needle depth must be between 0.25 and 2.5 mm.');
const optionalText = z
	.string()
	.trim()
	.max(2000, 'Keep notes under 2000 characters.')
	.transform((v) => v || null);

const sessionSchema = z.object({
	performedOn: isoDate,
	device: z.string().trim().min(1, 'Enter the device.').max(80),
	needleDepthMm: z.record(z.string(), depth),
	passes: intIn(1, 20, 'Passes'),
	numbing: z.boolean(),
	sideEffects: optionalText,
	notes: optionalText
});
export type SessionInput = z.infer<typeof sessionSchema> & {
	/** as sent, read for the course's scale; checked on it when the session is written */
	grade: GradeEntry | null;
};

/** A number from a form field; '' (not given) is undefined, anything else not a number NaN. */
function numberField(data: FormData, name: string): number | undefined {
	const raw = String(data.get(name) ?? '').trim();
	return raw === '' ? undefined : Number(raw);
}

/**
 * The grade fields of the course's scale (picked from its concern, never from the form): one
 * `grade` for a scale of steps, the eight `mmasi.<input>` fields for mMASI, whose score the
 * server computes (a posted `grade` is ignored). Nothing given is "not graded".
 */
function gradeEntry(data: FormData, concern: string): GradeEntry | null {
	const scale = scaleForConcern(concern);
	if (!scale) {
		return null;
	}
	if (scaleOf(scale).kind === 'computed') {
		const inputs = Object.fromEntries(
			MMASI_INPUT_KEYS.map((k) => [k, numberField(data, `mmasi.${k}`)])
		);
		return Object.values(inputs).every((v) => v === undefined) ? null : { mmasi: inputs };
	}
	const value = numberField(data, 'grade');
	return value === undefined ? null : { value };
}

/** Depth fields are named `depth.<area>`; only the course's own areas are read. */
export function parseSessionForm(
	data: FormData,
	c: { areas: string[]; concern: string }
): Parsed<SessionInput> {
	const parsed = parseValues(sessionSchema, {
		performedOn: data.get('performedOn'),
		device: data.get('device') ?? 'SkinPen',
		needleDepthMm: Object.fromEntries(c.areas.map((a) => [a, data.get(`depth.${a}`)])),
		passes: data.get('passes'),
		numbing: data.get('numbing') === 'on',
		sideEffects: String(data.get('sideEffects') ?? ''),
		notes: String(data.get('notes') ?? '')
	});
	return parsed.ok
		? { ok: true, data: { ...parsed.data, grade: gradeEntry(data, c.concern) } }
		: parsed;
}
