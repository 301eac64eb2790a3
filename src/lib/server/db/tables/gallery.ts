// The public before/after gallery: cases and their rendered images.
import { sql } from 'drizzle-orm';
import { check, index, integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { id, createdAt } from './columns';
import { course, photo } from './clinical';
import { clinicRef, patient, user } from './people';

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
		withdrawnAt: integer('withdrawn_at', { mode: 'timestamp_ms' }),
		/**
		 * What was done to the photos, fixed at publish time (app version, the sources' hashes and
		 * capture dates, every operation, any override): the body of the signed provenance
		 * record, which adds the public files' hashes when it is served.
		 */
		provenance: text('provenance', { mode: 'json' })
	},
	(t) => [
		index('gallery_case_public_idx').on(t.clinicId, t.status, t.publishedAt),
		// covers the public gallery's count and filter menus, which read every published case:
		// with it they read the index alone (10,000 cases: count 5.6 → 2.4 ms, menus 7.6 → 4.7 ms)
		index('gallery_case_filter_idx').on(
			t.clinicId,
			t.status,
			t.patientId,
			t.concern,
			t.area,
			t.fitzpatrick,
			t.sessionsCount
		),
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
		placeholder: text('placeholder'),
		/** hex SHA-256 of the file's bytes, for the case's provenance record */
		sha256: text('sha256')
	},
	(t) => [
		primaryKey({ columns: [t.token, t.width, t.format] }),
		index('gallery_image_case_idx').on(t.caseId)
	]
);

/**
 * A before/after collage staff downloaded from a published case to post on social media, made
 * only under the patient's `social_media` consent. One row per download, with where staff said
 * it would be posted, so a withdrawn consent can be followed to every live post: the rows of a
 * patient whose consent is revoked form the dashboard's takedown checklist until each one is
 * marked removed. Rows are never deleted except by the patient's erasure.
 */
export const socialExport = sqliteTable(
	'social_export',
	{
		id: id(),
		clinicId: clinicRef(),
		caseId: text('case_id')
			.notNull()
			.references(() => galleryCase.id),
		patientId: text('patient_id')
			.notNull()
			.references(() => patient.id),
		/** portrait 1080×1350, square 1080×1080, story 1080×1920 */
		size: text('size', { enum: ['portrait', 'square', 'story'] }).notNull(),
		/** where staff said it will be posted, e.g. "Instagram @clinic" */
		postedWhere: text('posted_where').notNull(),
		/** the post's address, when staff give it (helps whoever takes it down) */
		postUrl: text('post_url'),
		createdBy: text('created_by')
			.notNull()
			.references(() => user.id),
		createdAt: createdAt(),
		removedAt: integer('removed_at', { mode: 'timestamp_ms' }),
		removedBy: text('removed_by').references(() => user.id)
	},
	(t) => [
		index('social_export_patient_idx').on(t.patientId, t.removedAt),
		index('social_export_clinic_idx').on(t.clinicId, t.removedAt),
		check('social_export_size_chk', sql`${t.size} in ('portrait','square','story')`),
		check('social_export_removed_chk', sql`(${t.removedAt} is null) = (${t.removedBy} is null)`)
	]
);
