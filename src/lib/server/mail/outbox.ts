import { logoPath } from '../clinic/brand';
import { and, eq } from 'drizzle-orm';
import type { Tx } from '../db/client';
import { clinic, mailMessage, mailPreference } from '../db/schema';
import { enqueue } from '../jobs/queue';
import { config } from '../platform/config';
import { newId } from '../platform/ids';
import { randomPart } from '../auth/tokens';
import { clinicSettings } from '../clinic/clinic';
import {
	PATIENT_NOTICE_KINDS,
	type MailKind,
	type PatientNoticeKind
} from '../../domain/mail-kinds';
import { composeMail } from './compose';
import type { MailVars } from './templates';

export const MAIL_JOB = 'mail.send';

export interface MailRequest {
	clinicId: string;
	kind: MailKind;
	to: string;
	/** what the template is filled with; the clinic's name is added here */
	vars: Omit<MailVars, 'clinicName'>;
	patientId?: string;
	userId?: string;
	/** once per key: a second message with the same key is dropped (a reminder per due date) */
	dedupeKey?: string;
	/** not before (a notice that waits until a session's photos are processed) */
	sendAfter?: Date;
}

export const isPatientNotice = (kind: MailKind): kind is PatientNoticeKind =>
	(PATIENT_NOTICE_KINDS as readonly string[]).includes(kind);

/**
 * Queues a message in the caller's transaction (the outbox pattern): it exists exactly when the
 * event that causes it commits, and the job worker sends it. Returns the message id, or null
 * when nothing is queued: the patient unsubscribed from this kind, or the dedupe key was used.
 */
export function queueMail(tx: Tx, req: MailRequest, now = new Date()): string | null {
	const c = tx.select().from(clinic).where(eq(clinic.id, req.clinicId)).get();
	if (!c) {
		throw new Error(`No clinic ${req.clinicId} to send from.`);
	}
	const settings = clinicSettings(c);
	const headers: Record<string, string> = {};
	let footer;
	if (isPatientNotice(req.kind)) {
		if (!req.patientId) {
			throw new Error(`A ${req.kind} message needs its patient.`);
		}
		const pref = preference(tx, req.patientId, req.kind, now);
		if (pref.unsubscribedAt) {
			return null;
		}
		const link = `${config.origin()}/unsubscribe/${pref.token}`;
		// RFC 8058: mail clients offer a one-click unsubscribe that POSTs to this address
		headers['List-Unsubscribe'] = `<${link}>`;
		headers['List-Unsubscribe-Post'] = 'List-Unsubscribe=One-Click';
		footer = {
			text: `You get this because you are a patient of ${c.name}.`,
			link,
			linkLabel: 'Unsubscribe from these messages'
		};
	}
	const mail = composeMail(
		req.kind,
		{ ...req.vars, clinicName: c.name },
		{
			template: settings.mailTemplates[req.kind],
			accent: settings.accentColor,
			footer,
			logo: settings.logo
				? { ...settings.logo, url: config.origin() + logoPath(settings.logo.key) }
				: undefined
		}
	);
	const id = newId();
	const inserted = tx
		.insert(mailMessage)
		.values({
			id,
			clinicId: req.clinicId,
			kind: req.kind,
			toAddress: req.to,
			subject: mail.subject,
			textBody: mail.text,
			htmlBody: mail.html,
			headers,
			messageId: `<${id}@${senderDomain()}>`,
			dedupeKey: req.dedupeKey ?? null,
			patientId: req.patientId ?? null,
			userId: req.userId ?? null,
			createdAt: now
		})
		.onConflictDoNothing({ target: mailMessage.dedupeKey })
		.returning({ id: mailMessage.id })
		.get();
	if (!inserted) {
		return null;
	}
	enqueue(tx, MAIL_JOB, { mailId: id }, now, req.sendAfter ?? now);
	return id;
}

/** A failed message goes again (the owner's "Send again" in the outbox). */
export function requeueMail(tx: Tx, mailId: string, now = new Date()): boolean {
	const changed = tx
		.update(mailMessage)
		.set({ status: 'queued', attempts: 0 })
		.where(and(eq(mailMessage.id, mailId), eq(mailMessage.status, 'failed')))
		.run().changes;
	if (changed === 1) {
		enqueue(tx, MAIL_JOB, { mailId }, now);
	}
	return changed === 1;
}

/** The patient's choice for one kind of notice, made (subscribed) the first time it is needed. */
export function preference(tx: Tx, patientId: string, kind: PatientNoticeKind, now = new Date()) {
	const where = and(eq(mailPreference.patientId, patientId), eq(mailPreference.kind, kind));
	const found = tx.select().from(mailPreference).where(where).get();
	if (found) {
		return found;
	}
	return tx
		.insert(mailPreference)
		.values({ patientId, kind, token: randomPart(), createdAt: now })
		.returning()
		.get();
}

function senderDomain(): string {
	const address = config.mailFrom().match(/<([^>]+)>/)?.[1] ?? config.mailFrom();
	return address.split('@')[1]?.trim() || 'resurface.invalid';
}

/** MAIL_FROM's address (it may be written `Name <address>`); the name shown is the clinic's. */
export function senderAddress(): string {
	return (config.mailFrom().match(/<([^>]+)>/)?.[1] ?? config.mailFrom()).trim();
}
