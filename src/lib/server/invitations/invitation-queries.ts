import { and, desc, eq, inArray, isNull, or, sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/sqlite-core';
import type { Db, Tx } from '../db/client';
import { invitation, mailMessage, user, type Patient } from '../db/schema';
import { can, type StaffActor } from '../auth/guard';
import type { Invitation } from './invitations';
import { withdrawUnsentMail } from './invitation-mail';

// Which invitations are open, and ending them when their reason to exist goes away.
export interface PendingInvitation {
	id: string;
	name: string;
	email: string;
	role: Invitation['role'];
	patientId: string | null;
	createdAt: Date;
	expiresAt: Date;
	createdByName: string;
	/** who sent it or handed its link over; null for a request from before invitations were
	 * mailed, which has no link yet (anyone who may invite sends it) */
	confirmedByName: string | null;
	/** when it was sent or handed over */
	confirmedAt: Date | null;
	/** how the link left: by email, in person, or not yet (an old request) */
	delivery: 'email' | 'in_person' | 'not_sent';
	/** the outbox's word on the message, for one sent by email */
	mailStatus: (typeof mailMessage.$inferSelect)['status'] | null;
	/** 'file' when mail is not delivered but written to the mail folder */
	mailTransport: (typeof mailMessage.$inferSelect)['transport'];
}

/**
 * Every open invitation the actor may see, cancel and send again: patient invitations for
 * whoever may invite patients, staff invitations for the owner. Never the link itself.
 */
export function listOpenInvitations(
	db: Db,
	actor: StaffActor,
	filter: { patientId?: string } = {},
	now = new Date()
): PendingInvitation[] {
	const roles: Invitation['role'][] = [];
	if (can(actor.user.role, 'patient.invite')) {
		roles.push('patient');
	}
	if (can(actor.user.role, 'staff.manage') && !filter.patientId) {
		roles.push('owner', 'clinician', 'frontdesk');
	}
	if (!roles.length) {
		return [];
	}
	const creator = alias(user, 'creator');
	const confirmer = alias(user, 'confirmer');
	const rows = db
		.select({
			id: invitation.id,
			name: invitation.name,
			email: invitation.email,
			role: invitation.role,
			patientId: invitation.patientId,
			createdAt: invitation.createdAt,
			expiresAt: invitation.expiresAt,
			createdByName: creator.name,
			confirmedByName: confirmer.name,
			confirmedAt: invitation.confirmedAt,
			mailStatus: mailMessage.status,
			mailTransport: mailMessage.transport
		})
		.from(invitation)
		.innerJoin(creator, eq(creator.id, invitation.createdBy))
		.leftJoin(confirmer, eq(confirmer.id, invitation.confirmedBy))
		// one message per invitation, found by its key (invitation-mail.ts)
		.leftJoin(mailMessage, eq(mailMessage.dedupeKey, sql`'invitation:' || ${invitation.id}`))
		.where(
			and(
				eq(invitation.clinicId, actor.clinicId),
				inArray(invitation.role, roles),
				filter.patientId ? eq(invitation.patientId, filter.patientId) : undefined,
				isNull(invitation.usedAt),
				isNull(invitation.revokedAt),
				sql`${invitation.expiresAt} > ${now.getTime()}`
			)
		)
		.orderBy(desc(invitation.createdAt))
		.all();
	return rows.map((r) => ({
		...r,
		delivery: r.mailStatus ? 'email' : r.confirmedByName ? 'in_person' : 'not_sent'
	}));
}

/** Ends every open invitation made or sent by a person whose access has just ended. */
export function revokeInvitationsBy(tx: Tx, userId: string, now: Date): void {
	revokeWhere(
		tx,
		or(eq(invitation.createdBy, userId), eq(invitation.confirmedBy, userId))!,
		'access ended',
		now
	);
}

/** Ends a patient's open invitations (archived, or the address on file changed). */
export function revokePatientInvitations(
	tx: Tx,
	p: Pick<Patient, 'id' | 'clinicId'>,
	reason: string,
	now: Date
): void {
	revokeOpen(tx, eq(invitation.patientId, p.id), p.clinicId, reason, now);
}

export function revokeOpen(
	tx: Tx,
	which: SQL,
	clinicId: string,
	reason: string,
	now: Date
): string[] {
	return revokeWhere(tx, and(eq(invitation.clinicId, clinicId), which)!, reason, now);
}

/** Revokes the open invitations `which` names, and withdraws their messages not yet sent. */
function revokeWhere(tx: Tx, which: SQL, reason: string, now: Date): string[] {
	const ids = tx
		.update(invitation)
		.set({ revokedAt: now, revokedReason: reason })
		.where(and(which, isNull(invitation.usedAt), isNull(invitation.revokedAt)))
		.returning({ id: invitation.id })
		.all()
		.map((r) => r.id);
	withdrawUnsentMail(tx, ids);
	return ids;
}
