import { eq } from 'drizzle-orm';
import { writeTx, type Db, type Tx } from '../db/client';
import { invitation, patient, user, type User } from '../db/schema';
import { hashPassword } from '../auth/password';
import { secretMatches, splitToken } from '../auth/tokens';
import { audit } from '../audit/audit';
import { InvitationError, type Invitation } from './invitations';

// Using a link: whether it still opens anything, and spending it on a new account.

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
				ok: true
			},
			now
		);
		return created;
	});
}

export function isOpen(row: Invitation, now: Date): boolean {
	return !row.usedAt && !row.revokedAt && row.expiresAt.getTime() > now.getTime();
}

/** Why a person's invitations no longer count: their access ended or they are gone. */
export function creatorBlocker(db: Db | Tx, userId: string): string | null {
	const u = db.select({ disabledAt: user.disabledAt }).from(user).where(eq(user.id, userId)).get();
	return !u || u.disabledAt ? 'The person who made this invitation no longer has access.' : null;
}

/** Why a patient invitation no longer fits its patient (archived, signed up, address changed). */
export function patientBlocker(db: Db | Tx, row: Invitation): string | null {
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
