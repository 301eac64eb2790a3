// Rows of the seeded demo clinic that many e2e tests start from, read straight from the test's
// own database. Each returns what the demo is known to hold, so a missing row is a broken seed.
import { and, asc, desc, eq } from 'drizzle-orm';
import type { App } from './app';
import {
	auditEvent,
	consent,
	course,
	patient,
	photo,
	treatmentSession,
	type Photo
} from '../../src/lib/server/db/schema';

export const patientNamed = (demo: App, displayName: string) =>
	demo.db.select().from(patient).where(eq(patient.displayName, displayName)).get()!;

/** Jordan Avery, the demo patient with a sign-in of their own (`patient@demo.test`). */
export const jordanOf = (demo: App) =>
	demo.db.select().from(patient).where(eq(patient.email, 'patient@demo.test')).get()!;

export const coursesOf = (demo: App, patientId: string) =>
	demo.db.select().from(course).where(eq(course.patientId, patientId)).all();

/** The patient's first course (every demo patient with photos has one). */
export const firstCourse = (demo: App, patientId: string) => coursesOf(demo, patientId)[0];

/** The patient's front photos, oldest first: the before and after a gallery case is made of. */
export const frontPhotos = (demo: App, patientId: string) =>
	demo.db
		.select()
		.from(photo)
		.where(and(eq(photo.patientId, patientId), eq(photo.view, 'front')))
		.orderBy(asc(photo.takenOn))
		.all();

/** The patient's sessions over all courses, oldest first. */
export const sessionsOf = (demo: App, patientId: string) =>
	demo.db
		.select({ id: treatmentSession.id })
		.from(treatmentSession)
		.innerJoin(course, eq(course.id, treatmentSession.courseId))
		.where(eq(course.patientId, patientId))
		.orderBy(asc(treatmentSession.performedOn))
		.all();

/** The photo of this view uploaded last, e.g. by the test itself. */
export const latestPhoto = (demo: App, patientId: string, view: Photo['view']) =>
	demo.db
		.select()
		.from(photo)
		.where(and(eq(photo.patientId, patientId), eq(photo.view, view)))
		.orderBy(desc(photo.createdAt))
		.get()!;

/** The patient's consent of this scope that has not been withdrawn. */
export const activeConsent = (
	demo: App,
	patientId: string,
	scope: (typeof consent.$inferSelect)['scope']
) =>
	demo.db
		.select()
		.from(consent)
		.where(eq(consent.patientId, patientId))
		.all()
		.find((r) => r.scope === scope && !r.revokedAt)!;

/** The audit events of one action about one thing. */
export const auditTrail = (demo: App, action: string, targetId: string) =>
	demo.db
		.select()
		.from(auditEvent)
		.where(and(eq(auditEvent.action, action), eq(auditEvent.targetId, targetId)))
		.all();

/** The id of the patient record that signs in as `email`, found through its user account. */
export const patientIdOfAccount = (demo: App, email: string) =>
	demo.db.$client
		.prepare('select p.id from patient p join user u on u.id = p.user_id where u.email = ?')
		.pluck()
		.get(email) as string;

/** A course's sessions, first one first. */
export const courseSessions = (demo: App, courseId: string) =>
	demo.db
		.select()
		.from(treatmentSession)
		.where(eq(treatmentSession.courseId, courseId))
		.orderBy(asc(treatmentSession.performedOn))
		.all();
