// Mail: the outbox and each patient's choice of optional messages.
import { index, integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { id, createdAt } from './columns';
import { clinicRef, patient, user } from './people';
import { MAIL_KINDS, PATIENT_NOTICE_KINDS } from '../../../domain/mail-kinds';

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
		index('mail_message_patient_idx').on(t.patientId),
		// the owner's banner counts failed messages on every page: without it, 5.5 ms at 50,000 messages
		index('mail_message_status_idx').on(t.clinicId, t.status)
	]
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
