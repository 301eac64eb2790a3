import { and, desc, eq, inArray, isNull, or, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/sqlite-core';
import { writeTx, type Db, type Tx } from './db/client';
import { invitation, patient, user, type Patient, type User } from './db/schema';
import type { StaffRole } from '../domain/roles';
import { hashPassword } from './auth/password';
import { can, type StaffActor } from './auth/guard';
import { hashSecret, newToken, randomPart, secretMatches, splitToken } from './auth/tokens';
import { audit } from './audit';

export const INVITE_TTL_MS = 7 * 24 * 60 * 60 * 1000;

export type Invitation = typeof invitation.$inferSelect;

export class InvitationError extends Error {}

/** Said when an email already has an account in the inviter's own clinic. Another clinic's
 * accounts are never mentioned: that would tell one clinic who is registered at another. */
const TAKEN_HERE = 'Someone in your clinic already has an account with that email.';

/**
 * The rule behind every patient invitation (issue 11, DESIGN invariant 6): a role that may not
 * see photos never holds a usable patient link. The link goes to the address on file, and
 * when the person asking has no photo access it has no secret at all until a clinician or
 * owner confirms it. Whoever confirms sees the address it goes to.
 */
export function issuesPatientLinks(role: StaffRole): boolean {
	return can(role, 'photo.read');
}

interface Issued {
	/** the `id.secret` link token, or null while a patient invitation awaits confirmation */
	token: string | null;
	invitation: Invitation;
}

/** A staff invitation from the owner: the link is shown to the owner, once. */
export function inviteStaff(
	db: Db,
	actor: StaffActor,
	input: { email: string; name: string; role: StaffRole },
	ip: string | null,
	now = new Date()
): Issued {
	return writeTx(db, (tx) => {
		refuseIfTakenHere(tx, actor.clinicId, input.email);
		revokeOpen(tx, eq(invitation.email, input.email), actor.clinicId, 'replaced', now);
		const issued = insertInvitation(tx, actor, { ...input, patientId: null }, true, now);
		audit(
			tx,
			{
				clinicId: actor.clinicId,
				actorUserId: actor.user.id,
				action: 'staff_invite',
				targetType: 'invitation',
				targetId: issued.invitation.id,
				detail: input.role,
				ip,
				ok: true
			},
			now
		);
		return issued;
	});
}

/**
 * A portal invitation for a patient, always to the email address on file. From a clinician or
 * owner it is a link at once; from front desk it waits for a clinician's or owner's
 * confirmation and no link exists meanwhile.
 */
export function invitePatient(
	db: Db,
	actor: StaffActor,
	p: Patient,
	ip: string | null,
	now = new Date()
): Issued {
	return writeTx(db, (tx) => {
		const current = tx.select().from(patient).where(eq(patient.id, p.id)).get();
		if (!current || current.clinicId !== actor.clinicId) {
			throw new InvitationError('That patient does not exist.');
		}
		if (current.archivedAt) {
			throw new InvitationError('Restore the patient from the archive before inviting them.');
		}
		if (current.userId) {
			throw new InvitationError('This patient already has a portal account.');
		}
		if (!current.email) {
			throw new InvitationError(
				'Add the patient’s email address to their details first: the invitation goes there.'
			);
		}
		refuseIfTakenHere(tx, actor.clinicId, current.email);
		revokeOpen(tx, eq(invitation.patientId, current.id), actor.clinicId, 'replaced', now);
		const confirmed = issuesPatientLinks(actor.user.role);
		const issued = insertInvitation(
			tx,
			actor,
			{ email: current.email, name: current.displayName, role: 'patient', patientId: current.id },
			confirmed,
			now
		);
		audit(
			tx,
			{
				clinicId: actor.clinicId,
				actorUserId: actor.user.id,
				action: confirmed ? 'patient_invite' : 'patient_invite_request',
				targetType: 'patient',
				targetId: current.id,
				ip,
				ok: true
			},
			now
		);
		return issued;
	});
}

/**
 * A clinician or owner confirms a front desk's request: the link is made now, for them.
 * Null when the clinic has no such invitation (the route answers 404).
 */
export function confirmPatientInvitation(
	db: Db,
	actor: StaffActor,
	invitationId: string,
	ip: string | null,
	now = new Date()
): Issued | null {
	if (!issuesPatientLinks(actor.user.role)) {
		throw new InvitationError('Only a clinician or the owner can confirm an invitation.');
	}
	return writeTx(db, (tx) => {
		const row = tx
			.select()
			.from(invitation)
			.where(and(eq(invitation.id, invitationId), eq(invitation.clinicId, actor.clinicId)))
			.get();
		if (!row || row.role !== 'patient') {
			return null;
		}
		if (row.tokenHash || !isOpen(row, now)) {
			throw new InvitationError('That invitation is no longer waiting for confirmation.');
		}
		const blocker = patientBlocker(tx, row) ?? creatorBlocker(tx, row.createdBy);
		if (blocker) {
			throw new InvitationError(blocker);
		}
		const secret = randomPart();
		const updated = tx
			.update(invitation)
			.set({
				tokenHash: hashSecret(secret),
				confirmedBy: actor.user.id,
				confirmedAt: now,
				expiresAt: new Date(now.getTime() + INVITE_TTL_MS)
			})
			.where(eq(invitation.id, row.id))
			.returning()
			.get();
		audit(
			tx,
			{
				clinicId: actor.clinicId,
				actorUserId: actor.user.id,
				action: 'patient_invite_confirm',
				targetType: 'patient',
				targetId: row.patientId ?? undefined,
				ip,
				ok: true
			},
			now
		);
		return { token: `${row.id}.${secret}`, invitation: updated };
	});
}

/**
 * Cancels an open invitation. Staff invitations are the owner's; patient invitations any
 * staff member who may invite patients. Returns false when there is nothing of theirs to cancel.
 */
export function cancelInvitation(
	db: Db,
	actor: StaffActor,
	invitationId: string,
	ip: string | null,
	now = new Date()
): boolean {
	return writeTx(db, (tx) => {
		const row = tx
			.select()
			.from(invitation)
			.where(and(eq(invitation.id, invitationId), eq(invitation.clinicId, actor.clinicId)))
			.get();
		const allowed =
			row && can(actor.user.role, row.role === 'patient' ? 'patient.invite' : 'staff.manage');
		if (!row || !allowed || !isOpen(row, now)) {
			return false;
		}
		tx.update(invitation)
			.set({ revokedAt: now, revokedReason: 'cancelled' })
			.where(eq(invitation.id, row.id))
			.run();
		audit(
			tx,
			{
				clinicId: actor.clinicId,
				actorUserId: actor.user.id,
				action: 'invitation_cancel',
				targetType: row.patientId ? 'patient' : 'invitation',
				targetId: row.patientId ?? row.id,
				detail: row.role,
				ip,
				ok: true
			},
			now
		);
		return true;
	});
}

/** The invitation a token names, if it is still usable; otherwise null (no reason leaked). */
export function findUsableInvitation(
	db: Db | Tx,
	token: string,
	now = new Date()
): Invitation | null {
	const parts = splitToken(token);
	if (!parts) {
		return null;
	}
	const row = db.select().from(invitation).where(eq(invitation.id, parts.id)).get();
	if (!row?.tokenHash || !secretMatches(parts.secret, row.tokenHash) || !isOpen(row, now)) {
		return null;
	}
	// Checked at use, not only when access changes: a link dies with the access of whoever
	// made or confirmed it, and with any change to the patient it was meant for.
	const blocker =
		creatorBlocker(db, row.createdBy) ??
		(row.confirmedBy ? creatorBlocker(db, row.confirmedBy) : null) ??
		(row.patientId ? patientBlocker(db, row) : null);
	return blocker ? null : row;
}

/** Creates the account and spends the invitation in one transaction. */
export async function acceptInvitation(
	db: Db,
	token: string,
	password: string,
	ip: string | null,
	now = new Date()
): Promise<User> {
	const passwordHash = await hashPassword(password);
	return writeTx(db, (tx) => {
		// Re-checked inside the write lock: two tabs submitting at once create one account.
		const inv = findUsableInvitation(tx, token, now);
		if (!inv) {
			throw new InvitationError('This invitation link has expired or was already used.');
		}
		if (tx.select({ id: user.id }).from(user).where(eq(user.email, inv.email)).get()) {
			// One email, one account across the installation. Only the link's holder reads this.
			throw new InvitationError(
				'This email address already has a Resurface account. Ask the clinic to invite another address.'
			);
		}
		const created = tx
			.insert(user)
			.values({
				clinicId: inv.clinicId,
				email: inv.email,
				name: inv.name,
				role: inv.role,
				passwordHash,
				createdAt: now
			})
			.returning()
			.get();
		if (inv.patientId) {
			tx.update(patient).set({ userId: created.id }).where(eq(patient.id, inv.patientId)).run();
		}
		tx.update(invitation).set({ usedAt: now }).where(eq(invitation.id, inv.id)).run();
		audit(
			tx,
			{
				clinicId: created.clinicId,
				actorUserId: created.id,
				action: 'invitation_accepted',
				targetType: 'user',
				targetId: created.id,
				ip,
				ok: true
			},
			now
		);
		return created;
	});
}

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

function revokeOpen(
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

function insertInvitation(
	tx: Tx,
	actor: StaffActor,
	input: {
		email: string;
		name: string;
		role: Invitation['role'];
		patientId: string | null;
	},
	confirmed: boolean,
	now: Date
): Issued {
	const { id, secret, token } = newToken();
	const row = tx
		.insert(invitation)
		.values({
			id,
			...input,
			tokenHash: confirmed ? hashSecret(secret) : null,
			clinicId: actor.clinicId,
			createdBy: actor.user.id,
			createdAt: now,
			confirmedBy: confirmed ? actor.user.id : null,
			confirmedAt: confirmed ? now : null,
			expiresAt: new Date(now.getTime() + INVITE_TTL_MS)
		})
		.returning()
		.get();
	return { token: confirmed ? token : null, invitation: row };
}

function refuseIfTakenHere(tx: Tx, clinicId: string, email: string): void {
	const taken = tx
		.select({ id: user.id })
		.from(user)
		.where(and(eq(user.email, email), eq(user.clinicId, clinicId)))
		.get();
	if (taken) {
		throw new InvitationError(TAKEN_HERE);
	}
}

function isOpen(row: Invitation, now: Date): boolean {
	return !row.usedAt && !row.revokedAt && row.expiresAt.getTime() > now.getTime();
}

/** Why a person's invitations no longer count: their access ended or they are gone. */
function creatorBlocker(db: Db | Tx, userId: string): string | null {
	const u = db.select({ disabledAt: user.disabledAt }).from(user).where(eq(user.id, userId)).get();
	return !u || u.disabledAt ? 'The person who made this invitation no longer has access.' : null;
}

/** Why a patient invitation no longer fits its patient (archived, signed up, address changed). */
function patientBlocker(db: Db | Tx, row: Invitation): string | null {
	const p = db
		.select()
		.from(patient)
		.where(eq(patient.id, row.patientId ?? ''))
		.get();
	if (!p || p.clinicId !== row.clinicId || p.archivedAt) {
		return 'The patient is archived.';
	}
	if (p.userId) {
		return 'The patient already has a portal account.';
	}
	if (p.email !== row.email) {
		return 'The patient’s email address changed since this invitation was made.';
	}
	return null;
}
