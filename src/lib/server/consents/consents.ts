import { and, eq, isNull } from 'drizzle-orm';
import { backupHold } from '../backup/lease';
import { writeTx, type Db, type Tx } from '../db/client';
import { consent, galleryCase, type Patient } from '../db/schema';
import type { StaffActor } from '../auth/guard';
import { audit } from '../audit/audit';
import type { BlobStore } from '../storage/blob-store';
import { takeDownCases } from '../gallery/take-down';
import { deleteFiles } from '../storage/delete-files';
import { currentWording, currentWordings } from './wording';
import { wordingLabel } from './documents';
import {
	CONSENT_LABELS,
	CONSENT_SCOPES,
	consentRowState,
	consentState,
	type ConsentScope
} from '../../domain/consent';

export interface ConsentInput {
	scope: ConsentScope;
	signedName: string;
	/** PNG data URL of the drawn signature */
	signature: string;
	expiresAt: Date | null;
}

/** One signing: the scopes ticked, each becoming its own consent row. */
export interface ConsentsInput extends Omit<ConsentInput, 'scope'> {
	scopes: ConsentScope[];
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

/** What the consent form offers for one scope: its current wording and where the patient stands. */
export interface ConsentOffer {
	scope: ConsentScope;
	label: string;
	wording: { version: string; label: string; text: string };
	/** a consent of this scope on the current wording is in force: nothing to sign */
	inForce: boolean;
	/** a consent of this scope is in force, but on older wording: it may be signed again */
	onOlderWording: boolean;
}

/**
 * Every scope with the clinic's current wording (not the built-in text: the clinic may have
 * changed it) and whether the patient already holds it, for the one-signature form.
 */
export function consentOffers(
	db: Db,
	clinicId: string,
	patientId: string,
	timeZone: string,
	now = new Date()
): ConsentOffer[] {
	const held = db.select().from(consent).where(eq(consent.patientId, patientId)).all();
	const wordings = currentWordings(db, clinicId);
	return CONSENT_SCOPES.map((scope) => {
		const w = wordings[scope];
		const active = held.filter((r) => r.scope === scope && consentRowState(r, now) === 'active');
		const inForce = active.some((r) => r.textVersion === w.version);
		return {
			scope,
			label: CONSENT_LABELS[scope],
			wording: { version: w.version, label: wordingLabel(w, timeZone), text: w.text },
			inForce,
			onOlderWording: !inForce && active.length > 0
		};
	});
}

/** A new consent row under the current wording of its scope. Rows are never edited. */
export function recordConsent(
	db: Db,
	actor: StaffActor,
	p: Patient,
	input: ConsentInput,
	now = new Date()
) {
	const { scope, ...rest } = input;
	return recordConsents(db, actor, p, { ...rest, scopes: [scope] }, now)[0];
}

/**
 * One signature for several scopes: one consent row per scope, each under its scope's current
 * wording, all in one transaction (a refusal of any leaves none), so each stays revocable on
 * its own. A scope already in force on its current wording is refused: signing it again would
 * prove nothing new.
 */
export function recordConsents(
	db: Db,
	actor: StaffActor,
	p: Patient,
	input: ConsentsInput,
	now = new Date()
) {
	const scopes = [...new Set(input.scopes)];
	if (scopes.length === 0) {
		throw new ConsentError('Tick at least one thing the patient consents to.');
	}
	const unknown = scopes.find((s) => !CONSENT_SCOPES.includes(s));
	if (unknown) {
		throw new ConsentError(`There is no consent called “${unknown}”.`);
	}
	if (input.expiresAt && input.expiresAt <= now) {
		throw new ConsentError('The expiry date must be in the future.');
	}
	return writeTx(db, (tx) => {
		const held = tx.select().from(consent).where(eq(consent.patientId, p.id)).all();
		return scopes.map((scope) => {
			const wording = currentWording(tx, p.clinicId, scope);
			if (
				held.some(
					(r) =>
						r.scope === scope &&
						r.textVersion === wording.version &&
						consentRowState(r, now) === 'active'
				)
			) {
				throw new ConsentError(
					`${CONSENT_LABELS[scope]}: the patient’s consent on the current wording is already in force.`
				);
			}
			const row = tx
				.insert(consent)
				.values({
					clinicId: p.clinicId,
					patientId: p.id,
					scope,
					textVersion: wording.version,
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
				detail: scope,
				ok: true
			});
			return row;
		});
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
