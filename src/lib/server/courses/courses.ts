import { and, eq, lte, sql } from 'drizzle-orm';
import { writeTx, type Db } from '../db/client';
import { course, treatmentSession, type Patient } from '../db/schema';
import type { StaffActor } from '../auth/guard';
import { audit } from '../audit/audit';
import type { CourseInput, SessionInput } from './course-form';
import { checkGrade, formatGrade, scaleForConcern, scaleOf } from '../../domain/grading-scales';

/** A session that cannot be logged as sent; its message says why, for the form. */
export class SessionRefused extends Error {}

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

/**
 * Logs a session, graded on the scale of the course's concern. The grade is checked inside the
 * write: whether this session is the course's first (the baseline GAIS compares with, which is
 * not graded on it) is decided by the sessions stored when it commits. Refused input throws
 * SessionRefused and writes nothing.
 */
export function logSession(
	db: Db,
	actor: StaffActor,
	c: typeof course.$inferSelect,
	input: SessionInput
) {
	return writeTx(db, (tx) => {
		const scale = scaleForConcern(c.concern);
		const earlier = tx
			.select({ id: treatmentSession.id })
			.from(treatmentSession)
			.where(
				and(
					eq(treatmentSession.courseId, c.id),
					lte(treatmentSession.performedOn, input.performedOn)
				)
			)
			.get();
		const checked =
			scale && input.grade ? checkGrade(scale, input.grade, { baseline: !earlier }) : null;
		if (checked && !checked.ok) {
			throw new SessionRefused(checked.message);
		}
		const graded = checked?.ok ? checked : null;
		const { grade: _, ...fields } = input;
		const row = tx
			.insert(treatmentSession)
			.values({
				clinicId: c.clinicId,
				courseId: c.id,
				...fields,
				grade: graded?.grade ?? null,
				gradeScale: graded?.gradeScale ?? null,
				gradeDetail: graded?.gradeDetail ?? null
			})
			.returning()
			.get();
		audit(tx, {
			clinicId: c.clinicId,
			actorUserId: actor.user.id,
			action: 'session_log',
			targetType: 'treatment_session',
			targetId: row.id,
			ok: true,
			detail: graded
				? `graded ${scaleOf(graded.gradeScale).shortName} ${formatGrade(graded.gradeScale, graded.grade)}`
				: 'not graded'
		});
		const number = tx
			.select({ id: treatmentSession.id })
			.from(treatmentSession)
			.where(
				and(eq(treatmentSession.courseId, c.id), lte(treatmentSession.performedOn, row.performedOn))
			)
			.all().length;
		return { ...row, number };
	});
}

/** What the session form's Device starts as when the clinic has logged none. */
export const DEFAULT_DEVICE = 'SkinPen Precision';

/** The device on the session this clinic logged last: the next one most likely uses it too. */
export function lastDevice(db: Db, clinicId: string): string {
	// rowid order is logging order, read backwards from the newest row without a sort
	const last = db
		.select({ device: treatmentSession.device })
		.from(treatmentSession)
		.where(eq(treatmentSession.clinicId, clinicId))
		.orderBy(sql`rowid desc`)
		.limit(1)
		.get();
	return last?.device ?? DEFAULT_DEVICE;
}
