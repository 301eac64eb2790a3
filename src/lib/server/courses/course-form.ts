import { z } from 'zod';
import { AREAS, CONCERNS } from '../../domain/concerns';
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
	grade: z.union([z.literal('').transform(() => null), intIn(1, 4, 'The grade')]),
	sideEffects: optionalText,
	notes: optionalText
});
export type SessionInput = z.infer<typeof sessionSchema>;

/** Depth fields are named `depth.<area>`; only the course's own areas are read. */
export function parseSessionForm(data: FormData, areas: string[]): Parsed<SessionInput> {
	return parseValues(sessionSchema, {
		performedOn: data.get('performedOn'),
		device: data.get('device') ?? 'SkinPen',
		needleDepthMm: Object.fromEntries(areas.map((a) => [a, data.get(`depth.${a}`)])),
		passes: data.get('passes'),
		numbing: data.get('numbing') === 'on',
		grade: String(data.get('grade') ?? ''),
		sideEffects: String(data.get('sideEffects') ?? ''),
		notes: String(data.get('notes') ?? '')
	});
}
