import { and, eq } from 'drizzle-orm';
import { writeTx, type Db, type Tx } from '../db/client';
import { invitation, patient, user, type Patient } from '../db/schema';
import type { StaffRole } from '../../domain/roles';
import { can, type StaffActor } from '../auth/guard';
import { hashSecret, newToken, randomPart } from '../auth/tokens';
import { audit } from '../audit/audit';
import { creatorBlocker, isOpen, patientBlocker } from './invitation-use';
import { revokeOpen } from './invitation-queries';

// Making invitations: staff, patient requests and links, confirmation, cancellation. Using a
// link is in invitation-use.ts, the open lists and revocations in invitation-queries.ts.
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
export function invitePatient(db: Db, actor: StaffActor, p: Patient, now = new Date()): Issued {
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
				ok: true
			},
			now
		);
		return true;
	});
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
