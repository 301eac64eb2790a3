import { and, eq } from 'drizzle-orm';
import { z } from 'zod';
import { writeTx, type Db } from '../db/client';
import { course, treatmentSession, type Patient } from '../db/schema';
import type { StaffActor } from '../auth/guard';
import { audit } from '../audit/audit';
import { AREAS, CONCERNS } from '../../domain/concerns';
import type { Parsed } from '../http/validation';

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
	return parsed(
		courseSchema.safeParse({
			concern: data.get('concern'),
			areas: data.getAll('areas').map(String),
			plannedSessions: data.get('plannedSessions'),
			intervalWeeks: data.get('intervalWeeks'),
			startedOn: data.get('startedOn')
		})
	);
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
	return parsed(
		sessionSchema.safeParse({
			performedOn: data.get('performedOn'),
			device: data.get('device') ?? 'SkinPen',
			needleDepthMm: Object.fromEntries(areas.map((a) => [a, data.get(`depth.${a}`)])),
			passes: data.get('passes'),
			numbing: data.get('numbing') === 'on',
			grade: String(data.get('grade') ?? ''),
			sideEffects: String(data.get('sideEffects') ?? ''),
			notes: String(data.get('notes') ?? '')
		})
	);
}

function parsed<T>(result: z.ZodSafeParseResult<T>): Parsed<T> {
	if (result.success) {
		return { ok: true, data: result.data };
	}
	const issue = result.error.issues[0];
	return { ok: false, message: issue.message, field: String(issue.path[0] ?? '') };
}

export function createCourse(db: Db, actor: StaffActor, p: Patient, input: CourseInput) {
	return writeTx(db, (tx) => {
		const row = tx
			.insert(course)
			.values({ clinicId: p.clinicId, patientId: p.id, ...input })
			.returning()
			.get();
		audit(tx, {
			clinicId: p.clinicId,
			actorUserId: actor.user.id,
			action: 'course_create',
			targetType: 'course',
			targetId: row.id,
			ok: true
		});
		return row;
	});
}

/** The course, if it belongs to this patient (and so to the actor's clinic). */
export function findCourse(db: Db, p: Patient, courseId: string) {
	return db
		.select()
		.from(course)
		.where(
			and(eq(course.id, courseId), eq(course.patientId, p.id), eq(course.clinicId, p.clinicId))
		)
		.get();
}

export function logSession(
	db: Db,
	actor: StaffActor,
	c: typeof course.$inferSelect,
	input: SessionInput
) {
	return writeTx(db, (tx) => {
		const row = tx
			.insert(treatmentSession)
			.values({ clinicId: c.clinicId, courseId: c.id, ...input })
			.returning()
			.get();
		audit(tx, {
			clinicId: c.clinicId,
			actorUserId: actor.user.id,
			action: 'session_log',
			targetType: 'treatment_session',
			targetId: row.id,
			ok: true
		});
		return row;
	});
}
