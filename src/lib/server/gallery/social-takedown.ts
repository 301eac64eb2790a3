// The takedown checklist: posts made from a patient's case whose social media consent is no
// longer in force (revoked, or lapsed by its expiry date), until staff mark each one removed.
// Derived from the consents each time, so an expiry raises the list without any job running.
import { and, asc, eq, inArray, isNull } from 'drizzle-orm';
import { writeTx, type Db, type Tx } from '../db/client';
import { consent, galleryCase, patient, socialExport, user } from '../db/schema';
import { can, type StaffActor } from '../auth/guard';
import { audit } from '../audit/audit';
import { consentState } from '../../domain/consent';
import { GalleryError } from './drafts';

export interface TakedownItem {
	id: string;
	patientId: string;
	patientName: string;
	caseId: string;
	caseTitle: string;
	size: string;
	postedWhere: string;
	postUrl: string | null;
	exportedBy: string;
	exportedAt: Date;
}

/** Posts not yet marked removed, of patients whose social media consent is not in force. */
export function takedownList(db: Db, actor: StaffActor, now = new Date()): TakedownItem[] {
	if (!can(actor.user.role, 'gallery.publish')) {
		return [];
	}
	const open = db
		.select({
			id: socialExport.id,
			patientId: socialExport.patientId,
			patientName: patient.displayName,
			caseId: socialExport.caseId,
			caseTitle: galleryCase.title,
			size: socialExport.size,
			postedWhere: socialExport.postedWhere,
			postUrl: socialExport.postUrl,
			exportedBy: user.name,
			exportedAt: socialExport.createdAt
		})
		.from(socialExport)
		.innerJoin(patient, eq(patient.id, socialExport.patientId))
		.innerJoin(galleryCase, eq(galleryCase.id, socialExport.caseId))
		.innerJoin(user, eq(user.id, socialExport.createdBy))
		.where(and(eq(socialExport.clinicId, actor.clinicId), isNull(socialExport.removedAt)))
		.orderBy(asc(socialExport.createdAt))
		.all();
	const lapsed = withoutSocialConsent(db, [...new Set(open.map((r) => r.patientId))], now);
	return open.filter((r) => lapsed.has(r.patientId));
}

function withoutSocialConsent(db: Db | Tx, patientIds: string[], now: Date): Set<string> {
	if (!patientIds.length) {
		return new Set();
	}
	const rows = db.select().from(consent).where(inArray(consent.patientId, patientIds)).all();
	return new Set(
		patientIds.filter(
			(id) =>
				consentState(
					rows.filter((r) => r.patientId === id),
					'social_media',
					now
				) !== 'active'
		)
	);
}

/** How many of the patient's posts are not yet marked removed (their page, their erasure). */
export function openPostCount(db: Db | Tx, patientId: string): number {
	return db
		.select({ id: socialExport.id })
		.from(socialExport)
		.where(and(eq(socialExport.patientId, patientId), isNull(socialExport.removedAt)))
		.all().length;
}

/**
 * Staff say the post is gone. Once: a second mark is refused (the table's trigger would refuse
 * it too), so who removed it and when stay as first recorded.
 */
export function markPostRemoved(db: Db, actor: StaffActor, exportId: string): void {
	if (!can(actor.user.role, 'gallery.publish')) {
		throw new GalleryError(404, 'Not found');
	}
	writeTx(db, (tx) => {
		const row = tx
			.select()
			.from(socialExport)
			.where(and(eq(socialExport.id, exportId), eq(socialExport.clinicId, actor.clinicId)))
			.get();
		if (!row) {
			throw new GalleryError(404, 'Not found');
		}
		if (row.removedAt) {
			throw new GalleryError(409, 'This post is already marked removed.');
		}
		tx.update(socialExport)
			.set({ removedAt: new Date(), removedBy: actor.user.id })
			.where(eq(socialExport.id, row.id))
			.run();
		audit(tx, {
			clinicId: actor.clinicId,
			actorUserId: actor.user.id,
			action: 'social_export_removed',
			// the case, like the export's own entry: an erasure finds both by it
			targetType: 'gallery_case',
			targetId: row.caseId,
			detail: row.postedWhere,
			ok: true
		});
	});
}
