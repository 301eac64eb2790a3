import { and, asc, desc, eq, inArray, isNull } from 'drizzle-orm';
import { writeTx, type Db, type Tx } from '../db/client';
import { consent, consentText, patient } from '../db/schema';
import { audit } from '../audit/audit';
import { CONSENT_TEXTS } from '../../domain/consent-texts';
import { CONSENT_SCOPES, consentRowState, type ConsentScope } from '../../domain/consent';

/** One version of a scope's wording, as a consent document or the editor shows it. */
export interface Wording {
	scope: ConsentScope;
	version: string;
	/** 1 for the built-in wording, then 2, 3… as the owner saves */
	seq: number;
	text: string;
	material: boolean;
	note: string | null;
	/** null for the built-in wording, which predates the clinic */
	createdAt: Date | null;
	builtIn: boolean;
}

export class WordingError extends Error {}

const VERSION_PREFIX: Record<ConsentScope, string> = {
	treatment: 'treatment',
	photos_private: 'photos-private',
	gallery_public: 'gallery-public',
	social_media: 'social-media'
};

function builtIn(scope: ConsentScope): Wording {
	const t = CONSENT_TEXTS[scope];
	return {
		scope,
		version: t.version,
		seq: 1,
		text: t.text,
		material: false,
		note: null,
		createdAt: null,
		builtIn: true
	};
}

function fromRow(row: typeof consentText.$inferSelect): Wording {
	return {
		scope: row.scope,
		version: row.version,
		seq: row.seq,
		text: row.text,
		material: row.material,
		note: row.note,
		createdAt: row.createdAt,
		builtIn: false
	};
}

/** The wording a patient signing now is shown: the clinic's latest version, else the built-in. */
export function currentWording(db: Db | Tx, clinicId: string, scope: ConsentScope): Wording {
	const row = db
		.select()
		.from(consentText)
		.where(and(eq(consentText.clinicId, clinicId), eq(consentText.scope, scope)))
		.orderBy(desc(consentText.seq))
		.get();
	return row ? fromRow(row) : builtIn(scope);
}

/** The current wording of every scope, in the order the form lists them. */
export function currentWordings(db: Db | Tx, clinicId: string): Record<ConsentScope, Wording> {
	return Object.fromEntries(
		CONSENT_SCOPES.map((s) => [s, currentWording(db, clinicId, s)])
	) as Record<ConsentScope, Wording>;
}

/**
 * The exact wording a consent was given on, by the version it names. Null only for a version
 * this clinic never had (rows written by tests or tools with a made-up version).
 */
export function wordingByVersion(db: Db | Tx, clinicId: string, version: string): Wording | null {
	const row = db
		.select()
		.from(consentText)
		.where(and(eq(consentText.clinicId, clinicId), eq(consentText.version, version)))
		.get();
	if (row) {
		return fromRow(row);
	}
	const scope = CONSENT_SCOPES.find((s) => CONSENT_TEXTS[s].version === version);
	return scope ? builtIn(scope) : null;
}

/** Every version of a scope, newest first, the built-in one last. */
export function wordingHistory(db: Db | Tx, clinicId: string, scope: ConsentScope): Wording[] {
	const rows = db
		.select()
		.from(consentText)
		.where(and(eq(consentText.clinicId, clinicId), eq(consentText.scope, scope)))
		.orderBy(desc(consentText.seq))
		.all()
		.map(fromRow);
	return [...rows, builtIn(scope)];
}

export interface WordingInput {
	scope: ConsentScope;
	text: string;
	/** earlier signers should be asked to sign the new wording */
	material: boolean;
	note: string;
}

/**
 * Saves new wording as the next version of its scope. Earlier versions stay as they were (the
 * table refuses edits), so every consent keeps pointing at what its signer saw.
 */
export function saveWording(
	db: Db,
	clinicId: string,
	actorUserId: string,
	input: WordingInput,
	now = new Date()
): Wording {
	const text = input.text.trim();
	return writeTx(db, (tx) => {
		const current = currentWording(tx, clinicId, input.scope);
		if (normalise(current.text) === normalise(text)) {
			throw new WordingError('That is the wording already in use: change it before saving.');
		}
		const seq = current.seq + 1;
		const row = tx
			.insert(consentText)
			.values({
				clinicId,
				scope: input.scope,
				version: `${VERSION_PREFIX[input.scope]}-v${seq}`,
				seq,
				text,
				material: input.material,
				note: input.note.trim() || null,
				createdBy: actorUserId,
				createdAt: now
			})
			.returning()
			.get();
		audit(
			tx,
			{
				clinicId,
				actorUserId,
				action: 'consent_wording_save',
				targetType: 'consent_text',
				targetId: row.id,
				detail: `${input.scope} version ${seq}${input.material ? ' (material change)' : ''}`,
				ok: true
			},
			now
		);
		return fromRow(row);
	});
}

function normalise(s: string): string {
	return s.replace(/\s+/g, ' ').trim();
}

export interface OutdatedConsent {
	patientId: string;
	patientName: string;
	consentId: string;
	signedVersion: string;
	signedSeq: number;
	grantedAt: Date;
}

/**
 * Patients whose consent of this scope is in force but was given on wording older than the
 * latest material change: the people the clinic should ask to sign again. A consent on a
 * version the clinic never had counts as older.
 */
export function outdatedConsents(
	db: Db,
	clinicId: string,
	scope: ConsentScope,
	now = new Date()
): OutdatedConsent[] {
	const history = wordingHistory(db, clinicId, scope);
	const lastMaterial = history.find((w) => w.material);
	if (!lastMaterial) {
		return [];
	}
	const seqOf = new Map(history.map((w) => [w.version, w.seq]));
	const rows = db
		.select({
			consentId: consent.id,
			patientId: consent.patientId,
			patientName: patient.displayName,
			version: consent.textVersion,
			grantedAt: consent.grantedAt,
			expiresAt: consent.expiresAt,
			revokedAt: consent.revokedAt
		})
		.from(consent)
		.innerJoin(patient, eq(patient.id, consent.patientId))
		.where(
			and(
				eq(consent.clinicId, clinicId),
				eq(consent.scope, scope),
				isNull(consent.revokedAt),
				isNull(patient.archivedAt)
			)
		)
		.orderBy(asc(patient.displayName), desc(consent.grantedAt))
		.all();
	// a patient who has signed the latest material version since is not outdated
	const upToDate = new Set(
		rows
			.filter((r) => (seqOf.get(r.version) ?? 0) >= lastMaterial.seq)
			.filter((r) => consentRowState({ scope, ...r }, now) === 'active')
			.map((r) => r.patientId)
	);
	const seen = new Set<string>();
	const out: OutdatedConsent[] = [];
	for (const r of rows) {
		if (upToDate.has(r.patientId) || seen.has(r.patientId)) {
			continue;
		}
		if (consentRowState({ scope, ...r }, now) !== 'active') {
			continue;
		}
		seen.add(r.patientId);
		out.push({
			patientId: r.patientId,
			patientName: r.patientName,
			consentId: r.consentId,
			signedVersion: r.version,
			signedSeq: seqOf.get(r.version) ?? 0,
			grantedAt: r.grantedAt
		});
	}
	return out;
}

/** Used by tests and the export: the wording of several versions in one read. */
export function wordingsByVersion(
	db: Db | Tx,
	clinicId: string,
	versions: string[]
): Map<string, Wording> {
	const out = new Map<string, Wording>();
	const unique = [...new Set(versions)];
	if (unique.length) {
		for (const row of db
			.select()
			.from(consentText)
			.where(and(eq(consentText.clinicId, clinicId), inArray(consentText.version, unique)))
			.all()) {
			out.set(row.version, fromRow(row));
		}
	}
	for (const v of unique) {
		if (!out.has(v)) {
			const w = wordingByVersion(db, clinicId, v);
			if (w) {
				out.set(v, w);
			}
		}
	}
	return out;
}
