// What the server itself keeps: the job queue, the audit log and the backup lease.
import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { id, createdAt } from './columns';
import { clinic, user } from './people';

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
		detail: text('detail'),
		/**
		 * Set once when the row is de-identified by a patient's erasure: the row stays, its
		 * pointers to the person go (migration 0013 allows that one change and no other).
		 */
		erasedAt: integer('erased_at', { mode: 'timestamp_ms' })
	},
	(t) => [index('audit_event_clinic_idx').on(t.clinicId, t.at)]
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
 * The install's Ed25519 key for signing provenance records. One is made on first use and kept
 * with the data (so a restored backup still signs with it); the public half is served.
 */
export const signingKey = sqliteTable('signing_key', {
	/** the key id: the first 16 hex digits of the SHA-256 of the raw public key */
	id: text('id').primaryKey(),
	/** the raw 32-byte public key, base64url (a JWK's `x`) */
	publicKey: text('public_key').notNull(),
	/** PKCS #8 PEM */
	privateKey: text('private_key').notNull(),
	createdAt: createdAt()
});
