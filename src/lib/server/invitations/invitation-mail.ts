import { and, eq, inArray } from 'drizzle-orm';
import type { Tx } from '../db/client';
import { clinic, invitation, mailMessage } from '../db/schema';
import { queueMail } from '../mail/outbox';
import { clinicSettings } from '../clinic/clinic';
import { config } from '../platform/config';
import { greetingName } from '../../domain/greeting';
import type { StaffRole } from '../../domain/roles';
import { formatTime } from '../../format';

// The invitation's message: queued in the transaction that makes the invitation, so the link
// exists only inside the outbox row (erased once sent) and the invitee's mailbox.

type Row = typeof invitation.$inferSelect;

/** One message per invitation: the key ties a listed invitation to its outbox row. */
export const mailKeyOf = (invitationId: string) => `invitation:${invitationId}`;

const ROLE_WORDS: Record<StaffRole, string> = {
	owner: 'an owner',
	clinician: 'a clinician',
	frontdesk: 'front desk staff'
};

/** "Wednesday 9 December 2026 at 14:05" on the clinic's wall clock. */
export function expiryWords(at: Date, timeZone: string): string {
	// put together from parts: ICU versions differ on the comma after the weekday
	const parts = new Intl.DateTimeFormat('en-GB', {
		timeZone,
		weekday: 'long',
		day: 'numeric',
		month: 'long',
		year: 'numeric'
	}).formatToParts(at);
	const p = Object.fromEntries(parts.map((x) => [x.type, x.value]));
	return `${p.weekday} ${p.day} ${p.month} ${p.year} at ${formatTime(at, timeZone)}`;
}

/** Queues the invitation's message to its address; `token` is the only copy of the secret. */
export function queueInvitationMail(tx: Tx, row: Row, token: string, now: Date): string {
	const c = tx.select().from(clinic).where(eq(clinic.id, row.clinicId)).get()!;
	const vars = {
		firstName: greetingName(row.name) || row.name,
		link: `${config.origin()}/invite/${token}`,
		expires: expiryWords(row.expiresAt, clinicSettings(c).timeZone),
		...(row.role === 'patient' ? {} : { role: ROLE_WORDS[row.role] })
	};
	const id = queueMail(
		tx,
		{
			clinicId: row.clinicId,
			kind: row.role === 'patient' ? 'patient_invitation' : 'staff_invitation',
			to: row.email,
			vars,
			patientId: row.patientId ?? undefined,
			dedupeKey: mailKeyOf(row.id)
		},
		now
	);
	if (!id) {
		// the key is new with every invitation, and invitations are not optional notices
		throw new Error(`The invitation ${row.id} already has a message.`);
	}
	return id;
}

/**
 * A revoked invitation's message that has not gone yet never goes: its link is dead, and a
 * replaced one would arrive beside its replacement. Its body (the link) is erased.
 */
export function withdrawUnsentMail(tx: Tx, invitationIds: string[]): void {
	if (!invitationIds.length) {
		return;
	}
	tx.update(mailMessage)
		.set({ status: 'skipped', textBody: null, htmlBody: null })
		.where(
			and(
				inArray(mailMessage.dedupeKey, invitationIds.map(mailKeyOf)),
				inArray(mailMessage.status, ['queued', 'failed'])
			)
		)
		.run();
}
