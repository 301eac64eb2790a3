import { and, eq } from 'drizzle-orm';
import { writeTx, type Db } from '../../db/client';
import { photo } from '../../db/schema';
import { enqueue } from '../../jobs/queue';
import { DERIVE_JOB } from '../intake/ingest';
import type { StaffActor } from '../../auth/guard';
import { audit } from '../../audit/audit';

/** Sends a failed photo through the pipeline again; the retry is audited in the same write. */
export function retryPhoto(db: Db, actor: StaffActor, photoId: string): boolean {
	return writeTx(db, (tx) => {
		const changed = tx
			.update(photo)
			.set({ status: 'processing', failureReason: null })
			.where(
				and(eq(photo.id, photoId), eq(photo.clinicId, actor.clinicId), eq(photo.status, 'failed'))
			)
			.run().changes;
		if (changed) {
			enqueue(tx, DERIVE_JOB, { photoId });
			audit(tx, {
				clinicId: actor.clinicId,
				actorUserId: actor.user.id,
				action: 'photo_retry',
				targetType: 'photo',
				targetId: photoId,
				ok: true
			});
		}
		return changed > 0;
	});
}
