// The clinical record: consents, treatment courses and sessions, photos and their derived files.
import { sql } from 'drizzle-orm';
import {
	check,
	index,
	integer,
	primaryKey,
	real,
	sqliteTable,
	text
} from 'drizzle-orm/sqlite-core';
import { id, createdAt } from './columns';
import { clinicRef, patient, user } from './people';
import { CONSENT_SCOPES } from '../../../domain/consent';
import { PHOTO_VIEWS } from '../../../domain/views';
import { GRADING_SCALES } from '../../../domain/grading-scale-ids';

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
		check(
			'consent_scope_chk',
			sql`${t.scope} in ('treatment','photos_private','gallery_public','social_media')`
		),
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
		/**
		 * The clinician's grade, on the scale named beside it: a session keeps the scale it was
		 * graded on, so a grade is never read on another scale (grades from before scales were
		 * per concern are Goodman–Baron). mMASI is a decimal score, the others whole steps.
		 */
		grade: real('grade'),
		gradeScale: text('grade_scale', { enum: GRADING_SCALES }),
		/** the inputs a computed score was made from (mMASI: area and darkness per region) */
		gradeDetail: text('grade_detail', { mode: 'json' }).$type<Record<string, number>>(),
		gradeScore: integer('grade_score'),
		patientSelfRating: integer('patient_self_rating'),
		patientNote: text('patient_note'),
		sideEffects: text('side_effects'),
		notes: text('notes'),
		createdAt: createdAt()
	},
	(t) => [
		index('treatment_session_course_idx').on(t.courseId, t.performedOn),
		check(
			'treatment_session_grade_scale_chk',
			sql`(${t.grade} is null) = (${t.gradeScale} is null)`
		),
		// the database refuses a grade outside its scale, whatever the code above it does
		check(
			'treatment_session_grade_chk',
			sql`${t.gradeScale} is null
				or (${t.gradeScale} = 'goodman_baron' and ${t.grade} in (1, 2, 3, 4))
				or (${t.gradeScale} = 'fwes' and ${t.grade} in (1, 2, 3, 4, 5, 6, 7, 8, 9))
				or (${t.gradeScale} = 'mmasi' and ${t.grade} between 0 and 24)
				or (${t.gradeScale} = 'gais' and ${t.grade} in (1, 2, 3, 4, 5))`
		),
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

/**
 * What the alignment job found for a photo (issue 18): the similarity transform to its course's
 * baseline of the same view, the face it saw and the capture's quality against the baseline.
 * Recorded beside the photo, never applied to it: the original stays as taken. Recomputed when
 * the baseline changes, so one row per photo.
 */
export const photoAlignment = sqliteTable(
	'photo_alignment',
	{
		photoId: text('photo_id')
			.primaryKey()
			.references(() => photo.id, { onDelete: 'cascade' }),
		/** the baseline it was aligned to; null when this photo is the baseline */
		baselineId: text('baseline_id').references(() => photo.id, { onDelete: 'set null' }),
		status: text('status', { enum: ['baseline', 'aligned', 'unsure', 'failed'] }).notNull(),
		/** why it is unsure or failed, in words a clinician reads */
		reason: text('reason'),
		method: text('method'),
		confidence: real('confidence'),
		scale: real('scale'),
		rotationDeg: real('rotation_deg'),
		dx: real('dx'),
		dy: real('dy'),
		/** `{ box: [x, y, w, h], eyes: [[x, y], [x, y]] }` in upright pixels, when a face was found */
		face: text('face', { mode: 'json' }),
		/** sharpness, exposure and white balance against the baseline, and the warnings they raise */
		quality: text('quality', { mode: 'json' }),
		analysedAt: integer('analysed_at', { mode: 'timestamp_ms' }).notNull()
	},
	(t) => [
		index('photo_alignment_baseline_idx').on(t.baselineId),
		check(
			'photo_alignment_status_chk',
			sql`${t.status} in ('baseline','aligned','unsure','failed')`
		)
	]
);
