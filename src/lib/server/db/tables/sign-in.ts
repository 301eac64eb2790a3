// Signing in and staying signed in: sessions, known browsers, throttling, API tokens, emailed account links and second factors.
import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { id, createdAt } from './columns';
import { clinicRef, user } from './people';

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
		factorAt: integer('factor_at', { mode: 'timestamp_ms' }),
		/**
		 * when this session last proved the account's password (sign-in or step-up): the proof
		 * step-up accepts from an account that has no second factor
		 */
		passwordAt: integer('password_at', { mode: 'timestamp_ms' })
	},
	(t) => [index('session_user_idx').on(t.userId)]
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

/**
 * A WebAuthn challenge waiting for the browser's answer: registering a passkey, a passkey
 * sign-in (no account known yet), or a passkey as step-up. Named by a cookie holding
 * `id.secret` (only SHA-256 of the secret kept), bound to the session or account it was made
 * for, and spent by the first answer, right or wrong.
 */
export const webauthnChallenge = sqliteTable(
	'webauthn_challenge',
	{
		id: text('id').primaryKey(),
		secretHash: text('secret_hash').notNull(),
		purpose: text('purpose', { enum: ['register', 'sign_in', 'step_up'] }).notNull(),
		/** the account it was made for; null for a passkey sign-in, which learns it from the key */
		userId: text('user_id').references(() => user.id, { onDelete: 'cascade' }),
		/** the session registering or stepping up; null for sign-in */
		sessionId: text('session_id').references(() => session.id, { onDelete: 'cascade' }),
		challenge: text('challenge').notNull(),
		createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull(),
		expiresAt: integer('expires_at', { mode: 'timestamp_ms' }).notNull()
	},
	(t) => [index('webauthn_challenge_expires_idx').on(t.expiresAt)]
);
