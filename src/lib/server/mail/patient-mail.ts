import { and, desc, eq } from 'drizzle-orm';
import { writeTx, type Db } from '../db/client';
import { clinic, mailMessage, mailPreference, patient } from '../db/schema';
import { requirePatientAccess, type StaffActor } from '../auth/guard';
import { audit } from '../audit/audit';
import {
	MAIL_KIND_LABELS,
	PATIENT_NOTICE_KINDS,
	type MailKind,
	type PatientNoticeKind
} from '../../domain/mail-kinds';

/** How the unsubscribe page names each kind: "Stop session reminder emails from …?" */
export const NOTICE_NOUNS: Record<PatientNoticeKind, string> = {
	session_reminder: 'session reminder emails',
	photos_ready: 'new-photo emails'
};

export interface NoticeChoice {
	kind: PatientNoticeKind;
	noun: string;
	clinicName: string;
	unsubscribedAt: Date | null;
}

/**
 * What an unsubscribe link is about, or null for an unknown one. The link is the only authority
 * (it was mailed to the patient), so what it shows is only the clinic and the kind of message:
 * no name or address for whoever the mail was forwarded to.
 */
export function noticeByToken(db: Db, token: string): NoticeChoice | null {
	const row = db
		.select({
			kind: mailPreference.kind,
			unsubscribedAt: mailPreference.unsubscribedAt,
			clinicName: clinic.name
		})
		.from(mailPreference)
		.innerJoin(patient, eq(patient.id, mailPreference.patientId))
		.innerJoin(clinic, eq(clinic.id, patient.clinicId))
		.where(eq(mailPreference.token, token))
		.get();
	return row ? { ...row, noun: NOTICE_NOUNS[row.kind] } : null;
}

/**
 * One-click unsubscribe (RFC 8058) and the page's button: that patient gets no more messages of
 * that kind, including any already queued (the sender checks again). Repeating it changes
 * nothing and keeps the first date. Audited with no actor: no one is signed in.
 */
export function unsubscribeByToken(db: Db, token: string, now = new Date()): NoticeChoice | null {
	return setChoice(db, token, true, now);
}

/** Undo, from the same page: the patient gets that kind of message again. */
export function resubscribeByToken(db: Db, token: string, now = new Date()): NoticeChoice | null {
	return setChoice(db, token, false, now);
}

function setChoice(db: Db, token: string, unsubscribe: boolean, now: Date): NoticeChoice | null {
	return writeTx(db, (tx) => {
		const pref = tx.select().from(mailPreference).where(eq(mailPreference.token, token)).get();
		const p = pref && tx.select().from(patient).where(eq(patient.id, pref.patientId)).get();
		if (!pref || !p) {
			return null;
		}
		const unsubscribedAt = unsubscribe ? (pref.unsubscribedAt ?? now) : null;
		if (!!pref.unsubscribedAt !== unsubscribe) {
			tx.update(mailPreference)
				.set({ unsubscribedAt })
				.where(eq(mailPreference.token, token))
				.run();
			audit(
				tx,
				{
					clinicId: p.clinicId,
					actorUserId: null,
					action: unsubscribe ? 'mail_unsubscribe' : 'mail_resubscribe',
					targetType: 'patient',
					targetId: p.id,
					ok: true,
					detail: MAIL_KIND_LABELS[pref.kind]
				},
				now
			);
		}
		const c = tx.select({ name: clinic.name }).from(clinic).where(eq(clinic.id, p.clinicId)).get();
		return {
			kind: pref.kind,
			noun: NOTICE_NOUNS[pref.kind],
			clinicName: c?.name ?? '',
			unsubscribedAt
		};
	});
}

export interface PatientMailSummary {
	notices: { kind: PatientNoticeKind; label: string; unsubscribedAt: Date | null }[];
	/** the latest messages to this patient: what kind, when and how it went, never body or link */
	recent: {
		id: string;
		kind: MailKind;
		label: string;
		createdAt: Date;
		sentAt: Date | null;
		status: 'queued' | 'sending' | 'sent' | 'failed' | 'skipped';
	}[];
}

const RECENT = 5;

/** What the front desk sees on the patient page: which notices the patient gets, and the last few messages. */
export function patientMailSummary(
	db: Db,
	actor: StaffActor,
	patientId: string
): PatientMailSummary {
	const p = requirePatientAccess(db, actor, patientId, 'patient.read');
	const prefs = db.select().from(mailPreference).where(eq(mailPreference.patientId, p.id)).all();
	const recent = db
		.select({
			id: mailMessage.id,
			kind: mailMessage.kind,
			createdAt: mailMessage.createdAt,
			sentAt: mailMessage.sentAt,
			status: mailMessage.status
		})
		.from(mailMessage)
		.where(and(eq(mailMessage.patientId, p.id), eq(mailMessage.clinicId, actor.clinicId)))
		.orderBy(desc(mailMessage.createdAt))
		.limit(RECENT)
		.all();
	return {
		notices: PATIENT_NOTICE_KINDS.map((kind) => ({
			kind,
			label: MAIL_KIND_LABELS[kind],
			unsubscribedAt: prefs.find((x) => x.kind === kind)?.unsubscribedAt ?? null
		})),
		recent: recent.map((m) => ({ ...m, label: MAIL_KIND_LABELS[m.kind] }))
	};
}
