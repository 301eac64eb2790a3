import { and, eq } from 'drizzle-orm';
import { writeTx, type Db } from '../db/client';
import { clinic, mailMessage, mailPreference } from '../db/schema';
import type { JobHandlers } from '../jobs/handlers';
import { config } from '../platform/config';
import { isPatientNotice, MAIL_JOB, senderAddress } from './outbox';
import { mailTransport, type MailTransport } from './transport';
import { photosReadyStillTrue } from './photos-ready';

/** Tries over about a day (30 s, 1, 2, 4 … 60 min apart), then the owner sees it failed. */
const MAIL_ATTEMPTS = 30;
const HOUR = 60 * 60 * 1000;

/** The mail worker's job: send one queued message. */
export function mailJobs(db: Db, transport: () => MailTransport = mailTransport): JobHandlers {
	return {
		[MAIL_JOB]: {
			run: (payload) => sendQueuedMail(db, mailIdOf(payload), transport()),
			// a 5xx answer (no such mailbox, message refused) will not change by waiting
			permanent: (e) => smtpCode(e) >= 500,
			gaveUp: (payload, message) => {
				writeTx(db, (tx) =>
					tx
						.update(mailMessage)
						.set({ status: 'failed', lastError: message.slice(0, 500) })
						.where(eq(mailMessage.id, mailIdOf(payload)))
						.run()
				);
			},
			retry: {
				attempts: MAIL_ATTEMPTS,
				delayMs: (n) => Math.min(config.mailRetryMs() * 2 ** (n - 1), HOUR)
			}
		}
	};
}

const mailIdOf = (payload: unknown) => String((payload as { mailId: string }).mailId);

function smtpCode(e: unknown): number {
	return Number((e as { responseCode?: number }).responseCode) || 0;
}

/** What the owner reads when a message is refused: the server's own words when it gave any. */
function describe(e: unknown): string {
	const err = e as { response?: string; code?: string; message?: string };
	return (err.response ?? [err.code, err.message].filter(Boolean).join(': ')) || String(e);
}

/**
 * Sends a queued message once. A message already sent (a duplicate job, or a job run again after
 * a restart) is not sent again. The row is marked `sending` in its own commit first; the only
 * moment a crash can cause a second copy is between the server's "250 OK" and the commit that
 * records it, and that copy carries the same Message-ID, which mail systems treat as one message.
 */
export async function sendQueuedMail(db: Db, mailId: string, transport: MailTransport) {
	const row = db.select().from(mailMessage).where(eq(mailMessage.id, mailId)).get();
	if (!row || row.status === 'sent' || row.status === 'skipped') {
		return;
	}
	if (
		row.textBody === null ||
		row.htmlBody === null ||
		unsubscribed(db, row) ||
		!photosReadyStillTrue(db, row)
	) {
		writeTx(db, (tx) =>
			tx.update(mailMessage).set({ status: 'skipped' }).where(eq(mailMessage.id, mailId)).run()
		);
		return;
	}
	const c = db.select({ name: clinic.name }).from(clinic).where(eq(clinic.id, row.clinicId)).get();
	writeTx(db, (tx) =>
		tx
			.update(mailMessage)
			.set({ status: 'sending', attempts: row.attempts + 1, transport: transport.kind })
			.where(eq(mailMessage.id, mailId))
			.run()
	);
	let answer: string;
	try {
		answer = await transport.send({
			from: { name: c?.name ?? 'Resurface', address: senderAddress() },
			to: row.toAddress,
			subject: row.subject,
			text: row.textBody,
			html: row.htmlBody,
			headers: row.headers,
			messageId: row.messageId,
			fileName: `${row.createdAt.toISOString().replace(/[:.]/g, '-')}-${row.kind}-${row.id}.eml`
		});
	} catch (e) {
		writeTx(db, (tx) =>
			tx
				.update(mailMessage)
				.set({ status: 'queued', lastError: describe(e).slice(0, 500) })
				.where(eq(mailMessage.id, mailId))
				.run()
		);
		throw e;
	}
	// delivered: the body (which may hold a live link) goes; who, what, when and the answer stay
	writeTx(db, (tx) =>
		tx
			.update(mailMessage)
			.set({
				status: 'sent',
				sentAt: new Date(),
				smtpResponse: answer.slice(0, 500),
				lastError: null,
				textBody: null,
				htmlBody: null
			})
			.where(eq(mailMessage.id, mailId))
			.run()
	);
}

function unsubscribed(db: Db, row: typeof mailMessage.$inferSelect): boolean {
	if (!isPatientNotice(row.kind) || !row.patientId) {
		return false;
	}
	const pref = db
		.select({ at: mailPreference.unsubscribedAt })
		.from(mailPreference)
		.where(and(eq(mailPreference.patientId, row.patientId), eq(mailPreference.kind, row.kind)))
		.get();
	return !!pref?.at;
}
