import path from 'node:path';
import { and, count, desc, eq } from 'drizzle-orm';
import { writeTx, type Db } from '../db/client';
import { mailMessage } from '../db/schema';
import { audit } from '../audit/audit';
import { can, type StaffActor } from '../auth/guard';
import { config } from '../platform/config';
import { MAIL_KIND_LABELS, type MailKind } from '../../domain/mail-kinds';
import { RESET_TTL_MS } from '../auth/password-reset';
import { EMAIL_CHANGE_TTL_MS } from '../auth/email-change';
import { INVITE_TTL_MS } from '../invitations/invitations';
import { requeueMail } from './outbox';
import { mailDelivered } from './transport';

export const OUTBOX_PAGE = 50;
export const MAIL_STATUSES = ['queued', 'sending', 'sent', 'failed', 'skipped'] as const;
export type MailStatus = (typeof MAIL_STATUSES)[number];

export const isMailStatus = (s: unknown): s is MailStatus =>
	(MAIL_STATUSES as readonly unknown[]).includes(s);

/**
 * The clinic's outbox for the owner, newest first. Only who, what, when and how it went: while a
 * message waits, its body holds a live reset or invitation link, and an owner who could read it
 * could take over that account. So the body columns are never selected here.
 */
export function listOutbox(
	db: Db,
	actor: StaffActor,
	opts: { status?: MailStatus; page?: number } = {},
	now = new Date()
) {
	const empty = { messages: [], counts: countsOf([]), page: 1, pages: 1, total: 0 };
	if (!can(actor.user.role, 'mail.outbox')) {
		return empty;
	}
	const mine = eq(mailMessage.clinicId, actor.clinicId);
	const where = opts.status ? and(mine, eq(mailMessage.status, opts.status)) : mine;
	const counts = countsOf(
		db
			.select({ status: mailMessage.status, n: count() })
			.from(mailMessage)
			.where(mine)
			.groupBy(mailMessage.status)
			.all()
	);
	const total = opts.status ? counts[opts.status] : counts.all;
	const pages = Math.max(1, Math.ceil(total / OUTBOX_PAGE));
	const page = Math.min(Math.max(1, Math.floor(opts.page ?? 1) || 1), pages);
	const messages = db
		.select({
			id: mailMessage.id,
			createdAt: mailMessage.createdAt,
			sentAt: mailMessage.sentAt,
			to: mailMessage.toAddress,
			subject: mailMessage.subject,
			kind: mailMessage.kind,
			status: mailMessage.status,
			attempts: mailMessage.attempts,
			lastError: mailMessage.lastError,
			answer: mailMessage.smtpResponse
		})
		.from(mailMessage)
		.where(where)
		.orderBy(desc(mailMessage.createdAt), desc(mailMessage.id))
		.limit(OUTBOX_PAGE)
		.offset((page - 1) * OUTBOX_PAGE)
		.all()
		.map((m) => ({
			...m,
			kindLabel: MAIL_KIND_LABELS[m.kind],
			linkExpired: linkExpired(m.kind, m.createdAt, now)
		}));
	return { messages, counts, page, pages, total };
}

/** How long the link a message carries works; read when asked, the constants live with each link. */
function linkLifetimeMs(kind: MailKind): number | null {
	switch (kind) {
		case 'password_reset':
			return RESET_TTL_MS;
		case 'email_change_confirm':
			return EMAIL_CHANGE_TTL_MS;
		case 'patient_invitation':
		case 'staff_invitation':
			return INVITE_TTL_MS;
		default:
			return null;
	}
}

/**
 * Whether the one-time link in a message has outlived its lifetime. Sending it again would
 * deliver a dead link; a fresh reset or invitation is what the person needs.
 */
export function linkExpired(kind: MailKind, createdAt: Date, now: Date): boolean {
	const lifetime = linkLifetimeMs(kind);
	return lifetime !== null && createdAt.getTime() + lifetime <= now.getTime();
}

function countsOf(rows: { status: MailStatus; n: number }[]) {
	const counts = { all: 0, queued: 0, sending: 0, sent: 0, failed: 0, skipped: 0 };
	for (const r of rows) {
		counts[r.status] = r.n;
		counts.all += r.n;
	}
	return counts;
}

/** How many of the clinic's messages have failed for good (the owner's banner). */
export function failedMailCount(db: Db, actor: StaffActor): number {
	if (!can(actor.user.role, 'mail.outbox')) {
		return 0;
	}
	return (
		db
			.select({ n: count() })
			.from(mailMessage)
			.where(and(eq(mailMessage.clinicId, actor.clinicId), eq(mailMessage.status, 'failed')))
			.get()?.n ?? 0
	);
}

/**
 * Where mail goes, for the owner to read: a mail server's host (never the credentials that
 * SMTP_URL may carry), or the folder the .eml files are written to.
 */
export function mailDestination():
	{ delivered: true; host: string } | { delivered: false; folder: string } {
	const url = config.smtpUrl();
	if (mailDelivered() && url) {
		let host: string;
		try {
			host = new URL(url).host || 'the mail server in SMTP_URL';
		} catch {
			host = 'the mail server in SMTP_URL';
		}
		return { delivered: true, host };
	}
	// relative to where the server was started (`data/demo/mail`), unless it lies elsewhere
	const dir = config.mailDir();
	const relative = path.relative(process.cwd(), dir);
	const inside = relative && !relative.startsWith('..') && !path.isAbsolute(relative);
	return { delivered: false, folder: inside ? relative : dir };
}

/**
 * The owner's "Send again" for a message that failed for good. Refused when its one-time link
 * has expired; null (the route answers 404) for anything else: another clinic's message, one
 * that is queued or sent, a wrong id.
 */
export function resendFailed(
	db: Db,
	actor: StaffActor,
	mailId: string,
	now = new Date()
): 'resent' | 'link_expired' | null {
	if (!can(actor.user.role, 'mail.outbox')) {
		return null;
	}
	return writeTx(db, (tx) => {
		const found = tx
			.select({ id: mailMessage.id, kind: mailMessage.kind, createdAt: mailMessage.createdAt })
			.from(mailMessage)
			.where(
				and(
					eq(mailMessage.id, mailId),
					eq(mailMessage.clinicId, actor.clinicId),
					eq(mailMessage.status, 'failed')
				)
			)
			.get();
		if (!found) {
			return null;
		}
		if (linkExpired(found.kind, found.createdAt, now)) {
			return 'link_expired';
		}
		if (!requeueMail(tx, found.id)) {
			return null;
		}
		audit(tx, {
			clinicId: actor.clinicId,
			actorUserId: actor.user.id,
			action: 'mail_resend',
			targetType: 'mail_message',
			targetId: found.id,
			ok: true
		});
		return 'resent';
	});
}
