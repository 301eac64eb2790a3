import { sql } from 'drizzle-orm';
import { check, index, integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { newId } from '../platform/ids';
import { CONSENT_SCOPES } from '../../domain/consent';
import { ROLES } from '../../domain/roles';
import { PHOTO_VIEWS } from '../../domain/views';
import { MAIL_KINDS, PATIENT_NOTICE_KINDS } from '../../domain/mail-kinds';

// Timestamps are epoch milliseconds; calendar dates (a session's day, a photo's day) are
// ISO `YYYY-MM-DD` text because a clinic thinks in days, not instants.
const id = () =>
	text('id')
		.primaryKey()
		.$defaultFn(() => newId());
const createdAt = () =>
	integer('created_at', { mode: 'timestamp_ms' })
		.notNull()
		.$defaultFn(() => new Date());
const clinicRef = () =>
	text('clinic_id')
		.notNull()
		.references(() => clinic.id);

export const clinic = sqliteTable('clinic', {
	id: id(),
	slug: text('slug').notNull().unique(),
	name: text('name').notNull(),
	settings: text('settings', { mode: 'json' }).notNull().default({}),
	createdAt: createdAt()
});

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

export const session = sqliteTable(
	'session',
	{
		id: text('id').primaryKey(),
		userId: text('user_id')
			.notNull()
			.references(() => user.id, { onDelete: 'cascade' }),
		secretHash: text('secret_hash').notNull(),
		createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull(),
		lastVerifiedAt: integer('last_verified_at', { mode: 'timestamp_ms' }).notNull(),
		expiresAt: integer('expires_at', { mode: 'timestamp_ms' }).notNull(),
		/** when this session last proved a second factor (sign-in or step-up); null: password only */
		factorAt: integer('factor_at', { mode: 'timestamp_ms' })
	},
	(t) => [index('session_user_idx').on(t.userId)]
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

export const consent = sqliteTable(
	'consent',
	{
		id: id(),
		clinicId: clinicRef(),
		patientId: text('patient_id')
			.notNull()
			.references(() => patient.id),
		scope: text('scope', { enum: CONSENT_SCOPES }).notNull(),
		textVersion: text('text_version').notNull(),
		signedName: text('signed_name').notNull(),
		signature: text('signature'),
		grantedAt: integer('granted_at', { mode: 'timestamp_ms' }).notNull(),
		expiresAt: integer('expires_at', { mode: 'timestamp_ms' }),
		recordedBy: text('recorded_by')
			.notNull()
			.references(() => user.id),
		revokedAt: integer('revoked_at', { mode: 'timestamp_ms' }),
		revokedReason: text('revoked_reason'),
		revokedBy: text('revoked_by').references(() => user.id)
	},
	(t) => [
		index('consent_patient_idx').on(t.patientId, t.scope),
		// the public gallery asks "which patients consent now?" on every page
		index('consent_scope_idx').on(t.scope, t.revokedAt, t.patientId, t.expiresAt),
		check('consent_scope_chk', sql`${t.scope} in ('treatment','photos_private','gallery_public')`),
		check('consent_revoke_chk', sql`(${t.revokedAt} is null) = (${t.revokedReason} is null)`)
	]
);

export const course = sqliteTable(
	'course',
	{
		id: id(),
		clinicId: clinicRef(),
		patientId: text('patient_id')
			.notNull()
			.references(() => patient.id),
		concern: text('concern').notNull(),
		areas: text('areas', { mode: 'json' }).$type<string[]>().notNull().default([]),
		plannedSessions: integer('planned_sessions').notNull(),
		intervalWeeks: integer('interval_weeks').notNull(),
		startedOn: text('started_on').notNull(),
		createdAt: createdAt()
	},
	(t) => [
		index('course_patient_idx').on(t.patientId),
		check('course_planned_chk', sql`${t.plannedSessions} between 1 and 12`),
		check('course_interval_chk', sql`${t.intervalWeeks} between 1 and 52`)
	]
);

export const treatmentSession = sqliteTable(
	'treatment_session',
	{
		id: id(),
		clinicId: clinicRef(),
		courseId: text('course_id')
			.notNull()
			.references(() => course.id),
		performedOn: text('performed_on').notNull(),
		device: text('device').notNull().default('SkinPen'),
		/** needle depth in mm per treated area, e.g. { "cheeks": 1.5, "forehead": 0.5 } */
		needleDepthMm: text('needle_depth_mm', { mode: 'json' })
			.$type<Record<string, number>>()
			.notNull()
			.default({}),
		passes: integer('passes'),
		numbing: integer('numbing', { mode: 'boolean' }).notNull().default(false),
		grade: integer('grade'),
		gradeScore: integer('grade_score'),
		patientSelfRating: integer('patient_self_rating'),
		patientNote: text('patient_note'),
		sideEffects: text('side_effects'),
		notes: text('notes'),
		createdAt: createdAt()
	},
	(t) => [
		index('treatment_session_course_idx').on(t.courseId, t.performedOn),
		check('treatment_session_grade_chk', sql`${t.grade} between 1 and 4`),
		check('treatment_session_rating_chk', sql`${t.patientSelfRating} between 0 and 10`),
		check('treatment_session_passes_chk', sql`${t.passes} between 1 and 20`)
	]
);

export const photo = sqliteTable(
	'photo',
	{
		id: id(),
		clinicId: clinicRef(),
		patientId: text('patient_id')
			.notNull()
			.references(() => patient.id),
		sessionId: text('session_id').references(() => treatmentSession.id),
		view: text('view', { enum: PHOTO_VIEWS }).notNull(),
		role: text('role', { enum: ['before', 'after'] }),
		takenOn: text('taken_on').notNull(),
		status: text('status', { enum: ['processing', 'ready', 'failed'] }).notNull(),
		failureReason: text('failure_reason'),
		width: integer('width'),
		height: integer('height'),
		sha256: text('sha256').notNull(),
		placeholder: text('placeholder'),
		originalKey: text('original_key').notNull(),
		originalType: text('original_type').notNull(),
		originalBytes: integer('original_bytes').notNull(),
		uploadedBy: text('uploaded_by')
			.notNull()
			.references(() => user.id),
		createdAt: createdAt(),
		deletedAt: integer('deleted_at', { mode: 'timestamp_ms' })
	},
	(t) => [
		index('photo_patient_idx').on(t.patientId, t.takenOn),
		index('photo_session_idx').on(t.sessionId),
		index('photo_status_idx').on(t.clinicId, t.status),
		check(
			'photo_view_chk',
			sql`${t.view} in ('front','left45','right45','left90','right90','custom')`
		),
		check('photo_status_chk', sql`${t.status} in ('processing','ready','failed')`)
	]
);

export const photoVariant = sqliteTable(
	'photo_variant',
	{
		photoId: text('photo_id')
			.notNull()
			.references(() => photo.id, { onDelete: 'cascade' }),
		width: integer('width').notNull(),
		height: integer('height').notNull(),
		format: text('format', { enum: ['webp', 'avif', 'jpeg'] }).notNull(),
		bytes: integer('bytes').notNull(),
		key: text('key').notNull().unique()
	},
	(t) => [primaryKey({ columns: [t.photoId, t.width, t.format] })]
);

export const galleryCase = sqliteTable(
	'gallery_case',
	{
		id: id(),
		clinicId: clinicRef(),
		patientId: text('patient_id')
			.notNull()
			.references(() => patient.id),
		courseId: text('course_id')
			.notNull()
			.references(() => course.id),
		beforePhotoId: text('before_photo_id')
			.notNull()
			.references(() => photo.id),
		afterPhotoId: text('after_photo_id')
			.notNull()
			.references(() => photo.id),
		view: text('view').notNull(),
		title: text('title').notNull(),
		concern: text('concern').notNull(),
		area: text('area').notNull(),
		fitzpatrick: integer('fitzpatrick'),
		sessionsCount: integer('sessions_count').notNull(),
		weeksElapsed: integer('weeks_elapsed').notNull(),
		/** what the prospect reads under the images, e.g. the device and depth used */
		description: text('description'),
		/** crop and masks for each of the two images (src/lib/domain/redaction.ts) */
		redactions: text('redactions', { mode: 'json' }).notNull().default({}),
		status: text('status', { enum: ['draft', 'published', 'withdrawn'] })
			.notNull()
			.default('draft'),
		createdBy: text('created_by')
			.notNull()
			.references(() => user.id),
		createdAt: createdAt(),
		publishedAt: integer('published_at', { mode: 'timestamp_ms' }),
		withdrawnAt: integer('withdrawn_at', { mode: 'timestamp_ms' })
	},
	(t) => [
		index('gallery_case_public_idx').on(t.clinicId, t.status, t.publishedAt),
		index('gallery_case_patient_idx').on(t.patientId),
		check('gallery_case_status_chk', sql`${t.status} in ('draft','published','withdrawn')`)
	]
);

/**
 * A public image of a published case: made from the redacted photo at publish time, under a
 * fresh unguessable token (the URL is /media/public/{token}/{width}.{ext}). Rows and files
 * are deleted when the case is withdrawn, so old URLs answer 404 at once.
 */
export const galleryImage = sqliteTable(
	'gallery_image',
	{
		token: text('token').notNull(),
		caseId: text('case_id')
			.notNull()
			.references(() => galleryCase.id),
		clinicId: clinicRef(),
		which: text('which', { enum: ['before', 'after', 'og'] }).notNull(),
		width: integer('width').notNull(),
		height: integer('height').notNull(),
		format: text('format', { enum: ['avif', 'webp', 'jpeg'] }).notNull(),
		bytes: integer('bytes').notNull(),
		key: text('key').notNull().unique(),
		/** thumbhash of the redacted image (never of the private photo) */
		placeholder: text('placeholder')
	},
	(t) => [
		primaryKey({ columns: [t.token, t.width, t.format] }),
		index('gallery_image_case_idx').on(t.caseId)
	]
);

export const job = sqliteTable(
	'job',
	{
		id: id(),
		kind: text('kind').notNull(),
		payload: text('payload', { mode: 'json' }).notNull(),
		status: text('status', { enum: ['pending', 'running', 'done', 'failed'] })
			.notNull()
			.default('pending'),
		attempts: integer('attempts').notNull().default(0),
		runAfter: integer('run_after', { mode: 'timestamp_ms' }).notNull(),
		lastError: text('last_error'),
		createdAt: createdAt()
	},
	(t) => [index('job_ready_idx').on(t.status, t.runAfter)]
);

export const auditEvent = sqliteTable(
	'audit_event',
	{
		id: id(),
		at: integer('at', { mode: 'timestamp_ms' }).notNull(),
		clinicId: text('clinic_id').references(() => clinic.id),
		actorUserId: text('actor_user_id').references(() => user.id),
		action: text('action').notNull(),
		targetType: text('target_type'),
		targetId: text('target_id'),
		ip: text('ip'),
		ok: integer('ok', { mode: 'boolean' }).notNull(),
		detail: text('detail')
	},
	(t) => [index('audit_event_clinic_idx').on(t.clinicId, t.at)]
);

/** Sign-in failures, kept in SQLite so throttling survives a restart. */
export const signInAttempt = sqliteTable('sign_in_attempt', {
	key: text('key').primaryKey(),
	failures: integer('failures').notNull(),
	lockedUntil: integer('locked_until', { mode: 'timestamp_ms' }).notNull(),
	lastFailureAt: integer('last_failure_at', { mode: 'timestamp_ms' }).notNull()
});

/**
 * Browsers that have signed in to an account with its password (OWASP's device cookies). Such a
 * browser is exempt from the account-wide and per-address sign-in locks, so an attacker cannot
 * lock the owner out of their own devices; it has its own failure count instead. Only
 * SHA-256 of the cookie's secret is stored, as for sessions.
 */
export const trustedDevice = sqliteTable(
	'trusted_device',
	{
		id: text('id').primaryKey(),
		userId: text('user_id')
			.notNull()
			.references(() => user.id, { onDelete: 'cascade' }),
		secretHash: text('secret_hash').notNull(),
		createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull(),
		lastUsedAt: integer('last_used_at', { mode: 'timestamp_ms' }).notNull(),
		expiresAt: integer('expires_at', { mode: 'timestamp_ms' }).notNull()
	},
	(t) => [index('trusted_device_user_idx').on(t.userId)]
);

/**
 * While a backup copies media files, the rows of its database snapshot must keep their files:
 * deleters and the orphan sweep leave files in place while an unexpired lease exists
 * (src/lib/server/backup/lease.ts). The backup renews its lease; a crashed one simply expires.
 */
export const backupLease = sqliteTable('backup_lease', {
	id: text('id').primaryKey(),
	createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull(),
	expiresAt: integer('expires_at', { mode: 'timestamp_ms' }).notNull()
});

/**
 * Bearer tokens for integrations (a camera station, a practice-management system). A token acts
 * as the staff member it was issued for, with that person's role, and stops working when their
 * access ends; only a hash of its secret is stored.
 */
export const apiToken = sqliteTable(
	'api_token',
	{
		id: text('id').primaryKey(),
		clinicId: clinicRef(),
		userId: text('user_id')
			.notNull()
			.references(() => user.id),
		name: text('name').notNull(),
		secretHash: text('secret_hash').notNull(),
		createdBy: text('created_by')
			.notNull()
			.references(() => user.id),
		createdAt: createdAt(),
		lastUsedAt: integer('last_used_at', { mode: 'timestamp_ms' }),
		revokedAt: integer('revoked_at', { mode: 'timestamp_ms' })
	},
	(t) => [index('api_token_clinic_idx').on(t.clinicId, t.createdAt)]
);

/**
 * Every message the clinic sends, queued in the same transaction as the event that causes it
 * (the outbox pattern) and sent by the job worker (src/lib/server/mail/). The body may hold a
 * live link (reset, invitation, email change), so it is erased once the message is delivered:
 * what stays is who, what kind, when, and the mail server's answer.
 */
export const mailMessage = sqliteTable(
	'mail_message',
	{
		id: id(),
		clinicId: clinicRef(),
		kind: text('kind', { enum: MAIL_KINDS }).notNull(),
		toAddress: text('to_address').notNull(),
		subject: text('subject').notNull(),
		textBody: text('text_body'),
		htmlBody: text('html_body'),
		headers: text('headers', { mode: 'json' })
			.$type<Record<string, string>>()
			.notNull()
			.default({}),
		/** the RFC 5322 Message-ID, fixed when queued so a resend after a crash is the same message */
		messageId: text('message_id').notNull().unique(),
		/** for messages that must go once per event (a reminder per due date): a second is dropped */
		dedupeKey: text('dedupe_key').unique(),
		patientId: text('patient_id').references(() => patient.id),
		userId: text('user_id').references(() => user.id),
		/** skipped: the patient unsubscribed, or the account it was for is gone, before sending */
		status: text('status', { enum: ['queued', 'sending', 'sent', 'failed', 'skipped'] })
			.notNull()
			.default('queued'),
		attempts: integer('attempts').notNull().default(0),
		lastError: text('last_error'),
		/** the mail server's final answer (e.g. `250 2.0.0 OK queued as …`) or the file written */
		smtpResponse: text('smtp_response'),
		transport: text('transport', { enum: ['smtp', 'file'] }),
		createdAt: createdAt(),
		sentAt: integer('sent_at', { mode: 'timestamp_ms' })
	},
	(t) => [
		index('mail_message_clinic_idx').on(t.clinicId, t.createdAt),
		index('mail_message_patient_idx').on(t.patientId)
	]
);

/**
 * Single-use links sent by email: a password reset (30 minutes) or the confirmation of a new
 * email address. Only SHA-256 of the secret is stored.
 */
export const accountToken = sqliteTable(
	'account_token',
	{
		id: text('id').primaryKey(),
		userId: text('user_id')
			.notNull()
			.references(() => user.id, { onDelete: 'cascade' }),
		purpose: text('purpose', { enum: ['password_reset', 'email_change'] }).notNull(),
		secretHash: text('secret_hash').notNull(),
		/** for an email change: the address that becomes the account's once confirmed */
		newEmail: text('new_email'),
		createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull(),
		expiresAt: integer('expires_at', { mode: 'timestamp_ms' }).notNull(),
		usedAt: integer('used_at', { mode: 'timestamp_ms' })
	},
	(t) => [index('account_token_user_idx').on(t.userId, t.purpose)]
);

/**
 * A patient's choice per kind of optional message (reminders, new-photo notices). The row holds
 * the key of the one-click unsubscribe link (RFC 8058); front desk sees the choice.
 */
export const mailPreference = sqliteTable(
	'mail_preference',
	{
		patientId: text('patient_id')
			.notNull()
			.references(() => patient.id),
		kind: text('kind', { enum: PATIENT_NOTICE_KINDS }).notNull(),
		token: text('token').notNull().unique(),
		unsubscribedAt: integer('unsubscribed_at', { mode: 'timestamp_ms' }),
		createdAt: createdAt()
	},
	(t) => [primaryKey({ columns: [t.patientId, t.kind] })]
);

/**
 * A person's authenticator app (TOTP, RFC 6238): one per account. The key must be readable to
 * check codes, so it is stored as is, like the database's other secrets; `confirmed_at` is null
 * while enrolment waits for the first code. `last_step` is the 30-second step of the last code
 * accepted: a code is never accepted twice.
 */
export const totpCredential = sqliteTable('totp_credential', {
	userId: text('user_id')
		.primaryKey()
		.references(() => user.id, { onDelete: 'cascade' }),
	key: text('key').notNull(),
	createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull(),
	confirmedAt: integer('confirmed_at', { mode: 'timestamp_ms' }),
	lastStep: integer('last_step')
});

/** Single-use codes for a lost authenticator: only SHA-256 of each is kept. */
export const recoveryCode = sqliteTable(
	'recovery_code',
	{
		id: id(),
		userId: text('user_id')
			.notNull()
			.references(() => user.id, { onDelete: 'cascade' }),
		codeHash: text('code_hash').notNull(),
		createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull(),
		usedAt: integer('used_at', { mode: 'timestamp_ms' })
	},
	(t) => [index('recovery_code_user_idx').on(t.userId)]
);

/**
 * Passkeys (WebAuthn). Only the public key is stored; `counter` is the authenticator's
 * signature counter, `transports` what the browser reported, for the next sign-in's hints.
 */
export const passkey = sqliteTable(
	'passkey',
	{
		id: text('id').primaryKey(),
		userId: text('user_id')
			.notNull()
			.references(() => user.id, { onDelete: 'cascade' }),
		name: text('name').notNull(),
		publicKey: text('public_key').notNull(),
		counter: integer('counter').notNull().default(0),
		transports: text('transports', { mode: 'json' }).$type<string[]>().notNull().default([]),
		createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull(),
		lastUsedAt: integer('last_used_at', { mode: 'timestamp_ms' })
	},
	(t) => [index('passkey_user_idx').on(t.userId)]
);

/**
 * A sign-in whose password was right and whose second factor is still to come: a short-lived
 * server-side record named by a cookie (`id.secret`, only SHA-256 of the secret stored), never a
 * session. Failures are counted so codes cannot be guessed through it.
 */
export const pendingSignIn = sqliteTable(
	'pending_sign_in',
	{
		id: text('id').primaryKey(),
		userId: text('user_id')
			.notNull()
			.references(() => user.id, { onDelete: 'cascade' }),
		secretHash: text('secret_hash').notNull(),
		createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull(),
		expiresAt: integer('expires_at', { mode: 'timestamp_ms' }).notNull(),
		failures: integer('failures').notNull().default(0),
		/** a WebAuthn challenge offered to this sign-in, if any */
		challenge: text('challenge')
	},
	(t) => [index('pending_sign_in_user_idx').on(t.userId)]
);

export type User = typeof user.$inferSelect;
export type Session = typeof session.$inferSelect;
export type TrustedDevice = typeof trustedDevice.$inferSelect;
export type Clinic = typeof clinic.$inferSelect;
export type Patient = typeof patient.$inferSelect;
export type Photo = typeof photo.$inferSelect;
export type GalleryCase = typeof galleryCase.$inferSelect;
export type GalleryImage = typeof galleryImage.$inferSelect;
export type ApiToken = typeof apiToken.$inferSelect;
export type MailMessage = typeof mailMessage.$inferSelect;
export type AccountToken = typeof accountToken.$inferSelect;
export type TotpCredential = typeof totpCredential.$inferSelect;
export type Passkey = typeof passkey.$inferSelect;
export type PendingSignIn = typeof pendingSignIn.$inferSelect;
