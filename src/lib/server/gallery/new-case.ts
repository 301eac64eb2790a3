import { and, asc, eq, inArray, isNull } from 'drizzle-orm';
import type { Db } from '../db/client';
import { consent, course, photo, treatmentSession, type Patient } from '../db/schema';
import type { StaffActor } from '../auth/guard';
import { listPatients } from '../patients/patients';
import { withVariants, type PhotoSummary } from '../photos/serve/list';
import { consentState, type ConsentState } from '../../domain/consent';
import { PHOTO_VIEWS, type PhotoView } from '../../domain/views';

/** The clinic's patients (by name) with the state of their gallery consent. */
export function galleryPatients(db: Db, actor: StaffActor, q: string, now = new Date()) {
	const rows = listPatients(db, actor, { q });
	const consents = rows.length
		? db
				.select()
				.from(consent)
				.where(
					and(
						inArray(
							consent.patientId,
							rows.map((r) => r.id)
						),
						eq(consent.scope, 'gallery_public')
					)
				)
				.all()
		: [];
	return rows.map((r) => ({
		id: r.id,
		name: r.displayName,
		gallery: consentState(
			consents.filter((k) => k.patientId === r.id),
			'gallery_public',
			now
		) as ConsentState
	}));
}

export interface ViewChoice {
	view: PhotoView;
	photos: PhotoSummary[];
}

/**
 * The patient's courses, each with the views that have at least two ready photos — the only
 * ones that make a before and after. A course's photos are those of its sessions, plus
 * follow-up photos (no session) taken from its start until the next course began.
 */
export function caseChoices(db: Db, p: Patient) {
	const courses = db
		.select()
		.from(course)
		.where(and(eq(course.patientId, p.id), eq(course.clinicId, p.clinicId)))
		.orderBy(asc(course.startedOn))
		.all();
	const sessions = courses.length
		? db
				.select({ id: treatmentSession.id, courseId: treatmentSession.courseId })
				.from(treatmentSession)
				.where(
					inArray(
						treatmentSession.courseId,
						courses.map((c) => c.id)
					)
				)
				.all()
		: [];
	const photos = withVariants(
		db,
		db
			.select()
			.from(photo)
			.where(and(eq(photo.patientId, p.id), isNull(photo.deletedAt), eq(photo.status, 'ready')))
			.orderBy(asc(photo.takenOn), asc(photo.createdAt))
			.all()
	);
	const courseOfSession = new Map(sessions.map((s) => [s.id, s.courseId]));
	return courses
		.map((c, i) => {
			const until = courses[i + 1]?.startedOn ?? '9999-12-31';
			const own = photos.filter((ph) =>
				ph.sessionId
					? courseOfSession.get(ph.sessionId) === c.id
					: ph.takenOn >= c.startedOn && ph.takenOn < until
			);
			const views: ViewChoice[] = PHOTO_VIEWS.map((view) => ({
				view,
				photos: own.filter((ph) => ph.view === view)
			})).filter((v) => v.photos.length >= 2);
			return {
				id: c.id,
				concern: c.concern,
				areas: c.areas,
				startedOn: c.startedOn,
				plannedSessions: c.plannedSessions,
				sessions: sessions.filter((s) => s.courseId === c.id).length,
				views
			};
		})
		.reverse();
}

/** The state of one patient's gallery consent now. */
export function galleryConsentOf(db: Db, patientId: string, now = new Date()): ConsentState {
	const rows = db
		.select()
		.from(consent)
		.where(and(eq(consent.patientId, patientId), eq(consent.scope, 'gallery_public')))
		.all();
	return consentState(rows, 'gallery_public', now);
}
