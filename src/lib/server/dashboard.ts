import { and, desc, eq, inArray, isNull } from 'drizzle-orm';
import type { Db } from './db/client';
import { auditEvent, patient, photo, user } from './db/schema';
import { can, type StaffActor } from './auth/guard';

const ACTIVITY = [
	'patient_create',
	'consent_grant',
	'consent_revoke',
	'session_log',
	'course_create'
];
const PHOTO_ACTIVITY = ['photo_upload', 'photo_delete'];

/** Photos still processing or failed, and what happened lately, for the staff home page. */
export function dashboardExtras(db: Db, actor: StaffActor) {
	const photos = can(actor.user.role, 'photo.read');
	const pipeline = photos
		? db
				.select({
					id: photo.id,
					status: photo.status,
					failureReason: photo.failureReason,
					view: photo.view,
					patientId: patient.id,
					patientName: patient.displayName
				})
				.from(photo)
				.innerJoin(patient, eq(patient.id, photo.patientId))
				.where(
					and(
						eq(photo.clinicId, actor.clinicId),
						inArray(photo.status, ['processing', 'failed']),
						isNull(photo.deletedAt)
					)
				)
				.orderBy(desc(photo.createdAt))
				.limit(20)
				.all()
		: [];
	const activity = db
		.select({ id: auditEvent.id, at: auditEvent.at, action: auditEvent.action, who: user.name })
		.from(auditEvent)
		.leftJoin(user, eq(user.id, auditEvent.actorUserId))
		.where(
			and(
				eq(auditEvent.clinicId, actor.clinicId),
				eq(auditEvent.ok, true),
				inArray(auditEvent.action, photos ? [...ACTIVITY, ...PHOTO_ACTIVITY] : ACTIVITY)
			)
		)
		.orderBy(desc(auditEvent.at))
		.limit(10)
		.all();
	return { pipeline, activity, canPhotos: photos };
}
