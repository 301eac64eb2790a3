import { and, asc, eq, inArray } from 'drizzle-orm';
import type { Db } from '../db/client';
import { clinic, consent, patient, user } from '../db/schema';
import { clinicSettings } from '../clinic/clinic';
import { wordingsByVersion, type Wording } from './wording';
import { formatDateTime } from '../../format';
import { CONSENT_LABELS, consentRowState, type ConsentScope } from '../../domain/consent';

/**
 * One consent as a document a clinic can show years later: everything the signer agreed to and
 * everything about how it was recorded, with times already on the clinic's wall clock. The
 * consent page (staff and patient) and the record export both render this and nothing else,
 * so the printed page and the exported file cannot disagree.
 */
export interface ConsentDocument {
	id: string;
	patientId: string;
	/** the patient's name on the record (the signer may be someone else: signedName) */
	patientName: string;
	clinicName: string;
	timeZone: string;
	scope: ConsentScope;
	scopeLabel: string;
	/** the wording version the row names, even when its text is not on record */
	textVersion: string;
	/** the exact wording the signer was shown */
	wording: {
		version: string;
		/** "Version 2, saved 3 Dec 2026" or "Version 1 (Resurface's standard wording)" */
		label: string;
		text: string;
	} | null;
	signedName: string;
	/** PNG data URL of the drawn signature, as kept; null for consents recorded without one */
	signature: string | null;
	grantedAt: Date;
	grantedAtText: string;
	recordedBy: string;
	expiresAt: Date | null;
	expiresAtText: string | null;
	revocation: { atText: string; at: Date; reason: string; by: string | null } | null;
	state: 'active' | 'revoked' | 'expired';
}

/** "Version 2, saved 3 Dec 2026, 10:05" or "Version 1 (standard wording)". */
export function wordingLabel(w: Wording, timeZone: string): string {
	return w.builtIn
		? `Version ${w.seq} (standard wording)`
		: `Version ${w.seq}, saved ${formatDateTime(w.createdAt!, timeZone)}`;
}

/**
 * The consent documents of one patient (or the one consent named), oldest first. The caller
 * has decided the reader may see this patient's consents; rows are matched on clinic and
 * patient, so an id from elsewhere finds nothing.
 */
export function consentDocuments(
	db: Db,
	clinicId: string,
	patientId: string,
	opts: { consentId?: string; now?: Date } = {}
): ConsentDocument[] {
	const c = db.select().from(clinic).where(eq(clinic.id, clinicId)).get();
	if (!c) {
		return [];
	}
	const { timeZone } = clinicSettings(c);
	const owner = db
		.select({ name: patient.displayName })
		.from(patient)
		.where(and(eq(patient.id, patientId), eq(patient.clinicId, clinicId)))
		.get();
	if (!owner) {
		return [];
	}
	const rows = db
		.select()
		.from(consent)
		.where(
			and(
				eq(consent.clinicId, clinicId),
				eq(consent.patientId, patientId),
				opts.consentId ? eq(consent.id, opts.consentId) : undefined
			)
		)
		.orderBy(asc(consent.grantedAt))
		.all();
	if (rows.length === 0) {
		return [];
	}
	const people = new Map(
		db
			.select({ id: user.id, name: user.name })
			.from(user)
			.where(
				inArray(user.id, [
					...new Set(rows.flatMap((r) => [r.recordedBy, r.revokedBy].filter((x) => x !== null)))
				])
			)
			.all()
			.map((u) => [u.id, u.name])
	);
	const wordings = wordingsByVersion(
		db,
		clinicId,
		rows.map((r) => r.textVersion)
	);
	const now = opts.now ?? new Date();
	return rows.map((r) => {
		const w = wordings.get(r.textVersion);
		return {
			id: r.id,
			patientId: r.patientId,
			patientName: owner.name,
			clinicName: c.name,
			timeZone,
			scope: r.scope,
			scopeLabel: CONSENT_LABELS[r.scope],
			textVersion: r.textVersion,
			wording: w
				? {
						version: w.version,
						label: wordingLabel(w, timeZone),
						text: w.text
					}
				: null,
			signedName: r.signedName,
			signature: r.signature,
			grantedAt: r.grantedAt,
			grantedAtText: formatDateTime(r.grantedAt, timeZone),
			recordedBy: people.get(r.recordedBy) ?? 'a former staff member',
			expiresAt: r.expiresAt,
			expiresAtText: r.expiresAt ? formatDateTime(r.expiresAt, timeZone) : null,
			revocation: r.revokedAt
				? {
						at: r.revokedAt,
						atText: formatDateTime(r.revokedAt, timeZone, { seconds: true }),
						reason: r.revokedReason ?? '',
						by: r.revokedBy ? (people.get(r.revokedBy) ?? 'a former staff member') : null
					}
				: null,
			state: consentRowState(r, now)
		};
	});
}
