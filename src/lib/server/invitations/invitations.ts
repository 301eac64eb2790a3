import { and, desc, eq } from 'drizzle-orm';
import { writeTx, type Db, type Tx } from '../db/client';
import { auditEvent, invitation, patient, user, type Patient } from '../db/schema';
import type { StaffRole } from '../../domain/roles';
import { can, type StaffActor } from '../auth/guard';
import { hashSecret, newToken } from '../auth/tokens';
import { audit } from '../audit/audit';
import { isOpen } from './invitation-use';
import { revokeOpen } from './invitation-queries';
import { queueInvitationMail } from './invitation-mail';

// Making invitations: by email to the address given (the rule), or as a link shown once to a
// clinician or owner who hands it over in person; sending again; cancelling. Using a link is in
// invitation-use.ts, the open lists and revocations in invitation-queries.ts.
export { acceptInvitation, findUsableInvitation } from './invitation-use';
export {
	listOpenInvitations,
	revokeInvitationsBy,
	revokePatientInvitations,
	type PendingInvitation
} from './invitation-queries';

export const INVITE_TTL_MS = 7 * 24 * 60 * 60 * 1000;

export type Invitation = typeof invitation.$inferSelect;

export class InvitationError extends Error {}

/** Said when an email already has an account in the inviter's own clinic. Another clinic's
 * accounts are never mentioned: that would tell one clinic who is registered at another. */
const TAKEN_HERE = 'Someone in your clinic already has an account with that email.';

/**
 * The rule behind every patient invitation (issue 11, DESIGN invariant 6): a role that may not
 * see photos never holds a usable patient link. Invitations go by email to the address on
 * file; only a role with photo access may also be shown the link to hand over in person.
 */
export function handsOverPatientLinks(role: StaffRole): boolean {
	return can(role, 'photo.read');
}

/** An invitation sent by email: the link went into the outbox only. */
export interface Sent {
	invitation: Invitation;
	mailId: string;
}
/** An invitation to hand over in person: the `id.secret` token, shown once. */
export interface HandedOver {
	invitation: Invitation;
	token: string;
}

type Delivery = 'email' | 'in_person';
type StaffInput = { email: string; name: string; role: StaffRole };

/** A staff invitation from the owner, sent by email to the address the owner typed. */
export function inviteStaff(db: Db, actor: StaffActor, input: StaffInput, now = new Date()): Sent {
	return writeTx(db, (tx) => staffInvitation(tx, actor, input, 'email', now)) as Sent;
}

/** A staff invitation whose link is shown to the owner, once, to hand over in person. */
export function handOverStaffLink(
	db: Db,
	actor: StaffActor,
	input: StaffInput,
	now = new Date()
): HandedOver {
	return writeTx(db, (tx) => staffInvitation(tx, actor, input, 'in_person', now)) as HandedOver;
}

/**
 * A portal invitation for a patient, sent by email to the address on file, from anyone who may
 * invite patients. It replaces the patient's open invitation (its link stops at once).
 */
export function invitePatient(db: Db, actor: StaffActor, p: Patient, now = new Date()): Sent {
	return writeTx(db, (tx) => patientInvitation(tx, actor, p.id, 'email', now)) as Sent;
}

/**
 * The patient is in the chair: a fresh link, shown once with its QR code to a clinician or the
 * owner, replacing any open invitation. Front desk is refused (the route answers 404 first).
 */
export function handOverPatientLink(
	db: Db,
	actor: StaffActor,
	p: Patient,
	now = new Date()
): HandedOver {
	if (!handsOverPatientLinks(actor.user.role)) {
		throw new InvitationError('Only a clinician or the owner can hand over a link in person.');
	}
	return writeTx(db, (tx) => patientInvitation(tx, actor, p.id, 'in_person', now)) as HandedOver;
}

/**
 * "Send again" on a listed invitation (also "Send" on a request from before invitations were
 * mailed): the open one is revoked as replaced and a new one goes by email to the same address.
 * Null when the actor has no such open invitation to send (the route answers 404).
 */
export function resendInvitation(
	db: Db,
	actor: StaffActor,
	invitationId: string,
	now = new Date()
): Sent | null {
	return writeTx(db, (tx) => {
		const row = openRowFor(tx, actor, invitationId, now);
		if (!row) {
			return null;
		}
		if (row.patientId) {
			return patientInvitation(tx, actor, row.patientId, 'email', now) as Sent;
		}
		const input = { email: row.email, name: row.name, role: row.role as StaffRole };
		return staffInvitation(tx, actor, input, 'email', now) as Sent;
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
	now = new Date()
): boolean {
	return writeTx(db, (tx) => {
		const row = openRowFor(tx, actor, invitationId, now);
		if (!row) {
			return false;
		}
		revokeOpen(tx, eq(invitation.id, row.id), actor.clinicId, 'cancelled', now);
		audit(
			tx,
			{
				clinicId: actor.clinicId,
				actorUserId: actor.user.id,
				action: 'invitation_cancel',
				targetType: row.patientId ? 'patient' : 'invitation',
				targetId: row.patientId ?? row.id,
				detail: row.role,
				ok: true
			},
			now
		);
		return true;
	});
}

/** An open invitation of the actor's clinic that the actor may manage, or null. */
function openRowFor(tx: Tx, actor: StaffActor, invitationId: string, now: Date) {
	const row = tx
		.select()
		.from(invitation)
		.where(and(eq(invitation.id, invitationId), eq(invitation.clinicId, actor.clinicId)))
		.get();
	const allowed =
		row && can(actor.user.role, row.role === 'patient' ? 'patient.invite' : 'staff.manage');
	return row && allowed && isOpen(row, now) ? row : null;
}

function staffInvitation(
	tx: Tx,
	actor: StaffActor,
	input: StaffInput,
	delivery: Delivery,
	now: Date
): Sent | HandedOver {
	if (!can(actor.user.role, 'staff.manage')) {
		throw new InvitationError('Only the owner invites staff.');
	}
	refuseIfTakenHere(tx, actor.clinicId, input.email);
	const replaced = revokeOpen(
		tx,
		eq(invitation.email, input.email),
		actor.clinicId,
		'replaced',
		now
	);
	const issued = issue(tx, actor, { ...input, patientId: null }, delivery, now);
	audit(
		tx,
		{
			clinicId: actor.clinicId,
			actorUserId: actor.user.id,
			action: replaced.length ? 'invitation_resend' : 'staff_invite',
			targetType: 'invitation',
			targetId: issued.invitation.id,
			detail: `${input.role} ${deliveryWords(delivery)}`,
			ok: true
		},
		now
	);
	return issued;
}

function patientInvitation(
	tx: Tx,
	actor: StaffActor,
	patientId: string,
	delivery: Delivery,
	now: Date
): Sent | HandedOver {
	const current = tx.select().from(patient).where(eq(patient.id, patientId)).get();
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
	if (!handsOverPatientLinks(actor.user.role) && addressSetWithoutPhotoAccess(tx, current.id)) {
		throw new InvitationError(
			'The address on file was changed by someone without access to photos, so a clinician or the owner sends this invitation (they see where it goes).'
		);
	}
	refuseIfTakenHere(tx, actor.clinicId, current.email);
	const replaced = revokeOpen(
		tx,
		eq(invitation.patientId, current.id),
		actor.clinicId,
		'replaced',
		now
	);
	const issued = issue(
		tx,
		actor,
		{ email: current.email, name: current.displayName, role: 'patient', patientId: current.id },
		delivery,
		now
	);
	audit(
		tx,
		{
			clinicId: actor.clinicId,
			actorUserId: actor.user.id,
			action: replaced.length ? 'invitation_resend' : 'patient_invite',
			targetType: 'patient',
			targetId: current.id,
			detail: `patient ${deliveryWords(delivery)}`,
			ok: true
		},
		now
	);
	return issued;
}

const deliveryWords = (d: Delivery) => (d === 'email' ? 'by email' : 'in person');

/**
 * Whether the patient's address on file was last changed by a role without photo access. Such
 * a person could point the address at a mailbox of their own and send the invitation there, so
 * that invitation is sent by someone who may see the photos anyway. (The address given when
 * the patient was added is not a change: it was typed with the patient at the desk.)
 */
function addressSetWithoutPhotoAccess(tx: Tx, patientId: string): boolean {
	const last = tx
		.select({ role: user.role })
		.from(auditEvent)
		.innerJoin(user, eq(user.id, auditEvent.actorUserId))
		.where(and(eq(auditEvent.action, 'patient_email_change'), eq(auditEvent.targetId, patientId)))
		.orderBy(desc(auditEvent.at))
		.limit(1)
		.get();
	return last ? !can(last.role, 'photo.read') : false;
}

/** Makes the invitation row and either queues its message or returns its token, never both. */
function issue(
	tx: Tx,
	actor: StaffActor,
	input: { email: string; name: string; role: Invitation['role']; patientId: string | null },
	delivery: Delivery,
	now: Date
): Sent | HandedOver {
	const { id, secret, token } = newToken();
	const row = tx
		.insert(invitation)
		.values({
			id,
			...input,
			tokenHash: hashSecret(secret),
			clinicId: actor.clinicId,
			createdBy: actor.user.id,
			createdAt: now,
			confirmedBy: actor.user.id,
			confirmedAt: now,
			expiresAt: new Date(now.getTime() + INVITE_TTL_MS)
		})
		.returning()
		.get();
	if (delivery === 'in_person') {
		return { invitation: row, token };
	}
	return { invitation: row, mailId: queueInvitationMail(tx, row, token, now) };
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
