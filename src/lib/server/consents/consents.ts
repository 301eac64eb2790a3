import { and, eq, isNull } from 'drizzle-orm';
import { backupHold } from '../backup/lease';
import { writeTx, type Db, type Tx } from '../db/client';
import { consent, galleryCase, type Patient } from '../db/schema';
import type { StaffActor } from '../auth/guard';
import { audit } from '../audit/audit';
import type { BlobStore } from '../storage/blob-store';
import { takeDownCases } from '../gallery/take-down';
import { deleteFiles } from '../storage/delete-files';
import { currentWording } from './wording';
import { consentState, type ConsentScope } from '../../domain/consent';

export interface ConsentInput {
	scope: ConsentScope;
	signedName: string;
	/** PNG data URL of the drawn signature */
	signature: string;
	expiresAt: Date | null;
}

export class ConsentError extends Error {}

/** Whether the patient's consent of this scope is in force now (granted, not revoked or lapsed). */
export function hasActiveConsent(
	db: Db | Tx,
	patientId: string,
	scope: ConsentScope,
	now = new Date()
): boolean {
	const rows = db.select().from(consent).where(eq(consent.patientId, patientId)).all();
	return consentState(rows, scope, now) === 'active';
}

/** A new consent row under the current wording of its scope. Rows are never edited. */
export function recordConsent(
	db: Db,
	actor: StaffActor,
	p: Patient,
	input: ConsentInput,
	now = new Date()
) {
	if (input.expiresAt && input.expiresAt <= now) {
		throw new ConsentError('The expiry date must be in the future.');
	}
	return writeTx(db, (tx) => {
		const row = tx
			.insert(consent)
			.values({
				clinicId: p.clinicId,
				patientId: p.id,
				scope: input.scope,
				textVersion: currentWording(tx, p.clinicId, input.scope).version,
				signedName: input.signedName,
				signature: input.signature,
				grantedAt: now,
				expiresAt: input.expiresAt,
				recordedBy: actor.user.id
			})
			.returning()
			.get();
		audit(tx, {
			clinicId: p.clinicId,
			actorUserId: actor.user.id,
			action: 'consent_grant',
			targetType: 'consent',
			targetId: row.id,
			detail: input.scope,
			ok: true
		});
		return row;
	});
}

/**
 * Revocation takes effect at once and is kept with its time of receipt. Withdrawing
 * gallery_public takes every published case of the patient down in the same transaction
 * (README, "Where each rule lives": consent gates the gallery); the public files go with them.
 */
export async function revokeConsent(
	db: Db,
	store: BlobStore,
	actor: StaffActor,
	p: Patient,
	consentId: string,
	reason: string,
	now = new Date()
): Promise<{ withdrawnCases: string[] }> {
	const { withdrawnCases, files } = writeTx(db, (tx) => {
		const row = tx
			.select()
			.from(consent)
			.where(and(eq(consent.id, consentId), eq(consent.patientId, p.id), isNull(consent.revokedAt)))
			.get();
		if (!row) {
			throw new ConsentError('That consent is not active (it may already be withdrawn).');
		}
		tx.update(consent)
			.set({ revokedAt: now, revokedReason: reason, revokedBy: actor.user.id })
			.where(eq(consent.id, row.id))
			.run();
		let withdrawnCases: string[] = [];
		let files: string[] = [];
		if (row.scope === 'gallery_public') {
			withdrawnCases = tx
				.select({ id: galleryCase.id })
				.from(galleryCase)
				.where(and(eq(galleryCase.patientId, p.id), eq(galleryCase.status, 'published')))
				.all()
				.map((c) => c.id);
			files = takeDownCases(tx, withdrawnCases, now);
		}
		audit(tx, {
			clinicId: p.clinicId,
			actorUserId: actor.user.id,
			action: 'consent_revoke',
			targetType: 'consent',
			targetId: row.id,
			detail: `${row.scope}: ${reason}`.slice(0, 300),
			ok: true
		});
		for (const id of withdrawnCases) {
			audit(tx, {
				clinicId: p.clinicId,
				actorUserId: actor.user.id,
				action: 'gallery_withdraw',
				targetType: 'gallery_case',
				targetId: id,
				detail: 'consent revoked',
				ok: true
			});
		}
		return { withdrawnCases, files };
	});
	await deleteFiles(store, files, backupHold(db));
	return { withdrawnCases };
}
