// What lets a clinic prove and answer for its records: the consent wording each patient saw,
// and the tombstones of erased patients.
import { sql } from 'drizzle-orm';
import { check, index, integer, sqliteTable, text, unique } from 'drizzle-orm/sqlite-core';
import { id, createdAt } from './columns';
import { clinicRef, user } from './people';
import { CONSENT_SCOPES } from '../../../domain/consent';

/**
 * A clinic's wording of one consent scope, one row per version. A consent row names the
 * version it was given on (`consent.text_version` = `version` here), so saving new wording
 * never changes what an earlier signer agreed to: the rows are append-only (migration 0013).
 * A clinic with no row for a scope uses the built-in wording (domain/consent-texts.ts), whose
 * version strings stay valid for the consents signed on them.
 */
export const consentText = sqliteTable(
	'consent_text',
	{
		id: id(),
		clinicId: clinicRef(),
		scope: text('scope', { enum: CONSENT_SCOPES }).notNull(),
		/** the key consents point to, e.g. `treatment-v2` */
		version: text('version').notNull(),
		/** 1, 2, 3… per clinic and scope: the built-in wording is 1 */
		seq: integer('seq').notNull(),
		text: text('text').notNull(),
		/** the owner said the change is material: earlier signers should be asked again */
		material: integer('material', { mode: 'boolean' }).notNull().default(false),
		/** what changed, in the owner's words */
		note: text('note'),
		createdBy: text('created_by').references(() => user.id),
		createdAt: createdAt()
	},
	(t) => [
		unique('consent_text_version_uq').on(t.clinicId, t.version),
		unique('consent_text_seq_uq').on(t.clinicId, t.scope, t.seq),
		check('consent_text_seq_chk', sql`${t.seq} >= 1`)
	]
);

/**
 * What remains of an erased patient: when, by whom, why and how much went, and nothing that
 * names them. Audit rows about the patient point here instead (target_type `erasure`).
 */
export const patientErasure = sqliteTable(
	'patient_erasure',
	{
		id: id(),
		clinicId: clinicRef(),
		erasedAt: integer('erased_at', { mode: 'timestamp_ms' }).notNull(),
		erasedBy: text('erased_by').references(() => user.id),
		reason: text('reason').notNull(),
		/** counts of what went: { photos: 12, consents: 3, … } */
		removed: text('removed', { mode: 'json' }).$type<Record<string, number>>().notNull()
	},
	(t) => [index('patient_erasure_clinic_idx').on(t.clinicId, t.erasedAt)]
);

/**
 * Present only inside the erasure's own transaction: the append-only triggers on consent rows
 * let rows of a patient named here be deleted, and no other.
 */
export const erasurePending = sqliteTable('erasure_pending', {
	patientId: text('patient_id').primaryKey()
});
