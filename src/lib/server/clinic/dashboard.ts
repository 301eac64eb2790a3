import { and, desc, eq, inArray, isNull } from 'drizzle-orm';
import type { Db } from '../db/client';
import { patient, photo } from '../db/schema';
import { can, type StaffActor } from '../auth/guard';

/** Photos still processing or failed, for the staff home page. */
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
	return {
		pipeline,
		canPhotos: photos
	};
}
