import { and, desc, eq, isNull } from 'drizzle-orm';
import { writeTx, type Db, type Tx } from './db/client';
import { invitation, patient, user, type User } from './db/schema';
import type { Role } from '../domain/roles';
import { hashPassword } from './auth/password';
import { hashSecret, newToken, secretMatches, splitToken } from './auth/tokens';

export const INVITE_TTL_MS = 7 * 24 * 60 * 60 * 1000;

export type Invitation = typeof invitation.$inferSelect;

export class InvitationError extends Error {}

/**
 * A single-use link for someone to set their password. Only the hash of its secret is kept,
 * so the link can be shown once (and as a QR code) but never read back from the database.
 */
export function createInvitation(
	db: Db,
	input: {
		clinicId: string;
		createdBy: string;
		email: string;
		name: string;
		role: Role;
		patientId?: string;
	},
	now = new Date()
): { token: string; invitation: Invitation } {
	const { id, secret, token } = newToken();
	return writeTx(db, (tx) => {
		if (tx.select({ id: user.id }).from(user).where(eq(user.email, input.email)).get()) {
			throw new InvitationError('An account with that email already exists.');
		}
		// A fresh invitation replaces any unused one for the same person.
		tx.update(invitation)
			.set({ revokedAt: now })
			.where(
				and(
					eq(invitation.clinicId, input.clinicId),
					input.patientId
						? eq(invitation.patientId, input.patientId)
						: eq(invitation.email, input.email),
					isNull(invitation.usedAt),
					isNull(invitation.revokedAt)
				)
			)
			.run();
		const row = tx
			.insert(invitation)
			.values({
				id,
				tokenHash: hashSecret(secret),
				clinicId: input.clinicId,
				createdBy: input.createdBy,
				email: input.email,
				name: input.name,
				role: input.role,
				patientId: input.patientId ?? null,
				createdAt: now,
				expiresAt: new Date(now.getTime() + INVITE_TTL_MS)
			})
			.returning()
			.get();
		return { token, invitation: row };
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
	if (!row || !secretMatches(parts.secret, row.tokenHash)) {
		return null;
	}
	if (row.usedAt || row.revokedAt || row.expiresAt.getTime() <= now.getTime()) {
		return null;
	}
	return row;
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
			throw new InvitationError('An account with that email already exists.');
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
		return created;
	});
}

export function pendingInvitations(db: Db, clinicId: string, now = new Date()): Invitation[] {
	return db
		.select()
		.from(invitation)
		.where(
			and(
				eq(invitation.clinicId, clinicId),
				isNull(invitation.usedAt),
				isNull(invitation.revokedAt)
			)
		)
		.orderBy(desc(invitation.createdAt))
		.all()
		.filter((i) => i.expiresAt.getTime() > now.getTime());
}
