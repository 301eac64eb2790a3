// Which photos a photo is aligned with: those of the same patient, view and course. The earliest
// of them is the baseline every other one is aligned to, so a course's photos share one frame.
import { and, asc, eq, isNull } from 'drizzle-orm';
import type { Db, Tx } from '../../db/client';
import { course, photo, treatmentSession, type Photo } from '../../db/schema';

/**
 * The course a photo belongs to, as the gallery's case choices count it: its session's course,
 * or for a follow-up photo (no session) the course running on the day it was taken.
 * Null for a photo taken before the patient's first course. Reads the patient's courses and
 * sessions once, for every photo asked about.
 */
export function coursesOf(db: Db | Tx, patientId: string) {
	const courses = db
		.select({ id: course.id, startedOn: course.startedOn })
		.from(course)
		.where(eq(course.patientId, patientId))
		.orderBy(asc(course.startedOn))
		.all();
	const sessions = new Map(
		db
			.select({ id: treatmentSession.id, courseId: treatmentSession.courseId })
			.from(treatmentSession)
			.innerJoin(course, eq(course.id, treatmentSession.courseId))
			.where(eq(course.patientId, patientId))
			.all()
			.map((s) => [s.id, s.courseId])
	);
	return (p: Pick<Photo, 'sessionId' | 'takenOn'>): string | null =>
		p.sessionId
			? (sessions.get(p.sessionId) ?? null)
			: (courses.findLast((c) => c.startedOn <= p.takenOn)?.id ?? null);
}

/**
 * The ready photos of `p`'s patient, view and course, earliest first (by day taken, then by
 * upload): the first is the baseline. Includes `p` itself when it is ready.
 */
export function alignmentGroup(db: Db | Tx, p: Photo): Photo[] {
	const courseOf = coursesOf(db, p.patientId);
	const own = courseOf(p);
	return db
		.select()
		.from(photo)
		.where(
			and(
				eq(photo.patientId, p.patientId),
				eq(photo.view, p.view),
				eq(photo.status, 'ready'),
				isNull(photo.deletedAt)
			)
		)
		.orderBy(asc(photo.takenOn), asc(photo.createdAt), asc(photo.id))
		.all()
		.filter((other) => other.id === p.id || courseOf(other) === own);
}
