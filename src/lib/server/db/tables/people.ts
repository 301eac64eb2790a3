// The clinic and the people in it: staff and patient accounts, patient records, invitations.
import { sql } from 'drizzle-orm';
import { check, index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { id, createdAt } from './columns';
import { ROLES } from '../../../domain/roles';

export const clinic = sqliteTable('clinic', {
	id: id(),
	slug: text('slug').notNull().unique(),
	name: text('name').notNull(),
	settings: text('settings', { mode: 'json' }).notNull().default({}),
	createdAt: createdAt()
});

/** The clinic a row belongs to: every clinic-owned table starts with it. */
export const clinicRef = () =>
	text('clinic_id')
		.notNull()
		.references(() => clinic.id);

export const user = sqliteTable(
	'user',
	{
		id: id(),
		clinicId: clinicRef(),
		email: text('email').notNull().unique(),
		name: text('name').notNull(),
		role: text('role', { enum: ROLES }).notNull(),
		passwordHash: text('password_hash').notNull(),
		createdAt: createdAt(),
		disabledAt: integer('disabled_at', { mode: 'timestamp_ms' })
	},
	(t) => [
		index('user_clinic_idx').on(t.clinicId),
		check('user_role_chk', sql`${t.role} in ('owner','clinician','frontdesk','patient')`),
		check('user_email_lower_chk', sql`${t.email} = lower(${t.email})`)
	]
);

/**
 * Single-use links that let a new staff member or a patient set their password. A patient
 * invitation asked for by someone without photo access has no secret at all (`token_hash` null)
 * until a clinician or owner confirms it: no usable link exists for that person to hold.
 */
export const invitation = sqliteTable(
	'invitation',
	{
		id: text('id').primaryKey(),
		clinicId: clinicRef(),
		tokenHash: text('token_hash'),
		email: text('email').notNull(),
		name: text('name').notNull(),
		role: text('role', { enum: ROLES }).notNull(),
		patientId: text('patient_id').references(() => patient.id),
		createdBy: text('created_by')
			.notNull()
			.references(() => user.id),
		createdAt: createdAt(),
		/** who issued the link: the creator themself, or the clinician/owner who confirmed it */
		confirmedBy: text('confirmed_by').references(() => user.id),
		confirmedAt: integer('confirmed_at', { mode: 'timestamp_ms' }),
		expiresAt: integer('expires_at', { mode: 'timestamp_ms' }).notNull(),
		usedAt: integer('used_at', { mode: 'timestamp_ms' }),
		revokedAt: integer('revoked_at', { mode: 'timestamp_ms' }),
		/** why it stopped: cancelled, replaced, access ended, patient archived, address changed */
		revokedReason: text('revoked_reason')
	},
	(t) => [
		index('invitation_clinic_idx').on(t.clinicId),
		check('invitation_patient_chk', sql`(${t.role} = 'patient') = (${t.patientId} is not null)`),
		check('invitation_confirmed_chk', sql`(${t.tokenHash} is null) = (${t.confirmedBy} is null)`)
	]
);

export const patient = sqliteTable(
	'patient',
	{
		id: id(),
		clinicId: clinicRef(),
		userId: text('user_id')
			.unique()
			.references(() => user.id),
		displayName: text('display_name').notNull(),
		email: text('email'),
		/** E.164 (+441632960123), validated on the way in; staff only, never the gallery */
		phone: text('phone'),
		birthYear: integer('birth_year'),
		fitzpatrick: integer('fitzpatrick'),
		concerns: text('concerns', { mode: 'json' }).$type<string[]>().notNull().default([]),
		createdAt: createdAt(),
		archivedAt: integer('archived_at', { mode: 'timestamp_ms' })
	},
	(t) => [
		index('patient_clinic_idx').on(t.clinicId, t.displayName),
		check('patient_fitzpatrick_chk', sql`${t.fitzpatrick} between 1 and 6`),
		check('patient_birth_year_chk', sql`${t.birthYear} between 1900 and 2100`)
	]
);
