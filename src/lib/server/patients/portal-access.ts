import { and, eq } from 'drizzle-orm';
import { writeTx, type Db, type Tx } from '../db/client';
import { patient, session, user, type Patient } from '../db/schema';
import type { StaffActor } from '../auth/guard';
import { audit } from '../audit/audit';

export class PortalAccessError extends Error {}

export type PortalState = 'none' | 'active' | 'ended';

/** Whether the patient has a portal account, and whether it may sign in. */
export function portalState(db: Db | Tx, p: Pick<Patient, 'userId'>): PortalState {
	if (!p.userId) {
		return 'none';
	}
	const account = db
		.select({ disabledAt: user.disabledAt })
		.from(user)
		.where(eq(user.id, p.userId))
		.get();
	return account && !account.disabledAt ? 'active' : 'ended';
}

/**
 * Ends or restores a patient's portal access (owner and clinician: the route asks for
 * `portal.manage`). Ending it signs the patient out everywhere at once. An archived patient's
 * access stays ended until they are restored from the archive.
 */
export function setPortalAccess(
	db: Db,
	actor: StaffActor,
	p: Patient,
	enabled: boolean,
	now = new Date()
): void {
	writeTx(db, (tx) => {
		const current = tx
			.select()
			.from(patient)
			.where(and(eq(patient.id, p.id), eq(patient.clinicId, actor.clinicId)))
			.get();
		if (!current?.userId) {
			throw new PortalAccessError('This patient has no portal account.');
		}
		if (enabled && current.archivedAt) {
			throw new PortalAccessError('Restore the patient from the archive first.');
		}
		if (enabled) {
			tx.update(user).set({ disabledAt: null }).where(eq(user.id, current.userId)).run();
		} else {
			endPortalAccess(tx, current.userId, now);
		}
		audit(
			tx,
			{
				clinicId: actor.clinicId,
				actorUserId: actor.user.id,
				action: enabled ? 'portal_enable' : 'portal_disable',
				targetType: 'patient',
				targetId: current.id,
				ok: true
			},
			now
		);
	});
}

/** Stops a patient account signing in and signs it out now (same transaction as the cause). */
export function endPortalAccess(tx: Tx, userId: string, now: Date): void {
	tx.update(user).set({ disabledAt: now }).where(eq(user.id, userId)).run();
	tx.delete(session).where(eq(session.userId, userId)).run();
}
