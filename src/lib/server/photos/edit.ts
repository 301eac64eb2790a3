import { and, eq, isNull } from 'drizzle-orm';
import { writeTx, type Db } from '../db/client';
import { photo } from '../db/schema';
import type { StaffActor } from '../auth/guard';
import { audit } from '../audit/audit';
import { enqueue } from '../jobs/queue';
import { ALIGN_JOB, requeueGroup } from './align/align-job';

import type { PhotoEdit } from './photo-edit-form';

/** Files a photo under another view (a mislabelled upload) and/or marks its before/after role. */
export function editPhoto(db: Db, actor: StaffActor, photoId: string, change: PhotoEdit): boolean {
	return writeTx(db, (tx) => {
		const before = tx.select().from(photo).where(eq(photo.id, photoId)).get();
		const changed = tx
			.update(photo)
			.set(change)
			.where(
				and(eq(photo.id, photoId), eq(photo.clinicId, actor.clinicId), isNull(photo.deletedAt))
			)
			.run().changes;
		if (changed && before) {
			// both views' groups may have a new baseline now
			requeueGroup(tx, before);
			if (change.view !== before.view) {
				requeueGroup(tx, { ...before, view: change.view });
				enqueue(tx, ALIGN_JOB, { photoId });
			}
			audit(tx, {
				clinicId: actor.clinicId,
				actorUserId: actor.user.id,
				action: 'photo_edit',
				targetType: 'photo',
				targetId: photoId,
				detail: `view=${change.view} role=${change.role ?? 'none'}`,
				ok: true
			});
		}
		return changed > 0;
	});
}
