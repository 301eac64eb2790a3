// Which photos a photo is aligned with: those of the same patient, view and course. The earliest
// of them is the baseline every other one is aligned to, so a course's photos share one frame.
import { and, asc, eq, isNull } from 'drizzle-orm';
import type { Db, Tx } from '../../db/client';
import { course, photo, treatmentSession, type Photo } from '../../db/schema';

/**
 * The course a photo belongs to, as the gallery's case choices count it: its session's course,
 * or for a follow-up photo (no session) the course running on the day it was taken.
 * Null for a photo taken before the patient's first course.
 */
export function courseOf(db: Db | Tx, p: Pick<Photo, 'patientId' | 'sessionId' | 'takenOn'>) {
	if (p.sessionId) {
		return (
			db
				.select({ courseId: treatmentSession.courseId })
				.from(treatmentSession)
				.where(eq(treatmentSession.id, p.sessionId))
				.get()?.courseId ?? null
		);
	}
	const courses = db
		.select({ id: course.id, startedOn: course.startedOn })
		.from(course)
		.where(eq(course.patientId, p.patientId))
		.orderBy(asc(course.startedOn))
		.all();
	return courses.findLast((c) => c.startedOn <= p.takenOn)?.id ?? null;
}

/**
 * The ready photos of `p`'s patient, view and course, earliest first (by day taken, then by
 * upload): the first is the baseline. Includes `p` itself when it is ready.
 */
export function alignmentGroup(db: Db | Tx, p: Photo): Photo[] {
	const own = courseOf(db, p);
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
		.filter((other) => other.id === p.id || courseOf(db, other) === own);
}
