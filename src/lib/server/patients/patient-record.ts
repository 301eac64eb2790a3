import type { GradingScaleId } from '../../domain/grading-scale-ids';
import { and, asc, desc, eq, inArray, isNull } from 'drizzle-orm';
import type { Db } from '../db/client';
import { course, photo, treatmentSession } from '../db/schema';
import type { PatientActor } from '../auth/guard';
import { variantsOf, type PhotoVariantUrl } from '../photos/serve/list';

/**
 * What a patient's own pages (/me, /me/compare) read of their record: only the columns those
 * pages show, selected by name. A patient may ask for their full record (the export), but
 * the pages' JSON carries no clinical notes, side effects, needle depths or staff ids, so a
 * new column on a clinical table never reaches a patient by accident.
 */
export interface PatientSessionView {
	id: string;
	performedOn: string;
	device: string;
	/** the clinician's grade, read only on the scale it was recorded on */
	grade: number | null;
	gradeScale: GradingScaleId | null;
	patientSelfRating: number | null;
	patientNote: string | null;
}

export interface PatientCourseView {
	id: string;
	concern: string;
	areas: string[];
	plannedSessions: number;
	intervalWeeks: number;
	startedOn: string;
	sessions: PatientSessionView[];
}

export interface PatientPhotoView {
	id: string;
	view: string;
	takenOn: string;
	sessionId: string | null;
	status: 'processing' | 'ready' | 'failed';
	width: number | null;
	height: number | null;
	placeholder: string | null;
	variants: PhotoVariantUrl[];
}

/**
 * Whose record is read: the patient themself, or a record a staff guard has already let the
 * actor into (staff compare reads the same columns as the patient's own compare).
 */
export type RecordOwner = Pick<PatientActor, 'clinicId'> & { patient: { id: string } };

/** The patient's courses, most recent first, each with its sessions in order. */
export function ownCourses(db: Db, actor: RecordOwner): PatientCourseView[] {
	const courses = db
		.select({
			id: course.id,
			concern: course.concern,
			areas: course.areas,
			plannedSessions: course.plannedSessions,
			intervalWeeks: course.intervalWeeks,
			startedOn: course.startedOn
		})
		.from(course)
		.where(and(eq(course.patientId, actor.patient.id), eq(course.clinicId, actor.clinicId)))
		.orderBy(desc(course.startedOn))
		.all();
	const sessions = courses.length
		? db
				.select({
					id: treatmentSession.id,
					courseId: treatmentSession.courseId,
					performedOn: treatmentSession.performedOn,
					device: treatmentSession.device,
					grade: treatmentSession.grade,
					gradeScale: treatmentSession.gradeScale,
					patientSelfRating: treatmentSession.patientSelfRating,
					patientNote: treatmentSession.patientNote
				})
				.from(treatmentSession)
				.where(
					and(
						eq(treatmentSession.clinicId, actor.clinicId),
						inArray(
							treatmentSession.courseId,
							courses.map((c) => c.id)
						)
					)
				)
				.orderBy(asc(treatmentSession.performedOn))
				.all()
		: [];
	return courses.map((c) => ({
		...c,
		sessions: sessions.filter((s) => s.courseId === c.id).map(({ courseId: _, ...s }) => s)
	}));
}

/** The patient's live photos with the URLs of their web versions (under /media/private). */
export function ownPhotos(db: Db, actor: RecordOwner): PatientPhotoView[] {
	const rows = db
		.select({
			id: photo.id,
			view: photo.view,
			takenOn: photo.takenOn,
			sessionId: photo.sessionId,
			status: photo.status,
			width: photo.width,
			height: photo.height,
			placeholder: photo.placeholder
		})
		.from(photo)
		.where(
			and(
				eq(photo.patientId, actor.patient.id),
				eq(photo.clinicId, actor.clinicId),
				isNull(photo.deletedAt)
			)
		)
		.orderBy(asc(photo.takenOn), asc(photo.createdAt))
		.all();
	const variants = variantsOf(
		db,
		rows.map((r) => r.id)
	);
	return rows.map((r) => ({ ...r, variants: variants.get(r.id) ?? [] }));
}
