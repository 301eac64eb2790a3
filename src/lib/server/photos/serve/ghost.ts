import { and, asc, eq, inArray, isNull } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { course, photo, treatmentSession } from '../../db/schema';
import type { StaffActor } from '../../auth/guard';
import type { STANDARD_VIEWS } from '../../../domain/views';
import { withVariants, type PhotoSummary } from './list';

export type StandardView = (typeof STANDARD_VIEWS)[number];

export interface CaptureSession {
	id: string;
	courseId: string;
	concern: string;
	/** 1-based position of the session in its course */
	number: number;
	plannedSessions: number;
	performedOn: string;
}

/** The patient's treatment sessions, course by course, for the capture page's picker. */
export function captureSessions(db: Db, actor: StaffActor, patientId: string): CaptureSession[] {
	const rows = db
		.select({
			id: treatmentSession.id,
			courseId: course.id,
			concern: course.concern,
			plannedSessions: course.plannedSessions,
			performedOn: treatmentSession.performedOn
		})
		.from(treatmentSession)
		.innerJoin(course, eq(course.id, treatmentSession.courseId))
		.where(and(eq(course.patientId, patientId), eq(course.clinicId, actor.clinicId)))
		.orderBy(asc(course.startedOn), asc(course.id), asc(treatmentSession.performedOn))
		.all();
	const seen = new Map<string, number>();
	return rows.map((r) => {
		const number = (seen.get(r.courseId) ?? 0) + 1;
		seen.set(r.courseId, number);
		return { ...r, number };
	});
}

/**
 * The photo a new capture is lined up against: the earliest ready photo of the same view in
 * the session's course (the course baseline), or without a session the patient's earliest
 * ready photo of that view. A session of anyone else has no ghost.
 */
export function findGhost(
	db: Db,
	actor: StaffActor,
	patientId: string,
	{ sessionId, view }: { sessionId: string | null; view: StandardView }
): PhotoSummary | null {
	let sessionIds: string[] | undefined;
	if (sessionId) {
		const s = db
			.select({ courseId: course.id })
			.from(treatmentSession)
			.innerJoin(course, eq(course.id, treatmentSession.courseId))
			.where(
				and(
					eq(treatmentSession.id, sessionId),
					eq(course.patientId, patientId),
					eq(course.clinicId, actor.clinicId)
				)
			)
			.get();
		if (!s) {
			return null;
		}
		sessionIds = db
			.select({ id: treatmentSession.id })
			.from(treatmentSession)
			.where(eq(treatmentSession.courseId, s.courseId))
			.all()
			.map((r) => r.id);
	}
	const row = db
		.select()
		.from(photo)
		.where(
			and(
				eq(photo.patientId, patientId),
				eq(photo.clinicId, actor.clinicId),
				eq(photo.view, view),
				eq(photo.status, 'ready'),
				isNull(photo.deletedAt),
				sessionIds ? inArray(photo.sessionId, sessionIds) : undefined
			)
		)
		.orderBy(asc(photo.takenOn), asc(photo.createdAt))
		.get();
	return row ? withVariants(db, [row])[0] : null;
}
