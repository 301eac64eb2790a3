import type { Db } from '../../db/client';
import { audit } from '../../audit/audit';
import type { Actor } from '../../auth/guard';

/**
 * Looking at a patient's photos, and taking a copy away, are themselves recorded: a face is
 * protected health information, and the clinic must be able to say who saw it. Called by the
 * pages and files that show or hand over photos, after the guard has let the actor in.
 */
export function recordPhotoView(db: Db, actor: Actor, patientId: string, detail?: string): void {
	audit(db, {
		clinicId: actor.clinicId,
		actorUserId: actor.user.id,
		action: 'photo_view',
		targetType: 'patient',
		targetId: patientId,
		ok: true,
		detail
	});
}

/** A full-size photo (`photo`) or the patient's whole ZIP (`patient`) leaving the server. */
export function recordPhotoDownload(
	db: Db,
	actor: Actor,
	target: { type: 'photo' | 'patient'; id: string },
	detail?: string
): void {
	audit(db, {
		clinicId: actor.clinicId,
		actorUserId: actor.user.id,
		action: 'photo_download',
		targetType: target.type,
		targetId: target.id,
		ok: true,
		detail
	});
}
