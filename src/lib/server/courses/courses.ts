import { and, eq } from 'drizzle-orm';
import { writeTx, type Db } from '../db/client';
import { course, treatmentSession, type Patient } from '../db/schema';
import type { StaffActor } from '../auth/guard';
import { audit } from '../audit/audit';
import type { CourseInput, SessionInput } from './course-form';

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
			.values({
				clinicId: c.clinicId,
				courseId: c.id,
				...input,
				gradeScale: input.grade === null ? null : 'goodman_baron'
			})
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
