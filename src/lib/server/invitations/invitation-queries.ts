import { and, desc, eq, inArray, isNull, or, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/sqlite-core';
import type { Db, Tx } from '../db/client';
import { invitation, user, type Patient } from '../db/schema';
import { can, type StaffActor } from '../auth/guard';
import type { Invitation } from './invitations';

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
	/** null while it waits for a clinician's or owner's confirmation */
	confirmedByName: string | null;
}

/**
 * Every open invitation the actor may see and cancel: patient invitations for whoever may
 * invite patients, staff invitations for the owner. Never the link itself.
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
	return db
		.select({
			id: invitation.id,
			name: invitation.name,
			email: invitation.email,
			role: invitation.role,
			patientId: invitation.patientId,
			createdAt: invitation.createdAt,
			expiresAt: invitation.expiresAt,
			createdByName: creator.name,
			confirmedByName: confirmer.name
		})
		.from(invitation)
		.innerJoin(creator, eq(creator.id, invitation.createdBy))
		.leftJoin(confirmer, eq(confirmer.id, invitation.confirmedBy))
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
}

/** Ends every open invitation made or confirmed by a person whose access has just ended. */
export function revokeInvitationsBy(tx: Tx, userId: string, now: Date): void {
	tx.update(invitation)
		.set({ revokedAt: now, revokedReason: 'access ended' })
		.where(
			and(
				or(eq(invitation.createdBy, userId), eq(invitation.confirmedBy, userId)),
				isNull(invitation.usedAt),
				isNull(invitation.revokedAt)
			)
		)
		.run();
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
	which: ReturnType<typeof eq>,
	clinicId: string,
	reason: string,
	now: Date
): void {
	tx.update(invitation)
		.set({ revokedAt: now, revokedReason: reason })
		.where(
			and(
				eq(invitation.clinicId, clinicId),
				which,
				isNull(invitation.usedAt),
				isNull(invitation.revokedAt)
			)
		)
		.run();
}
