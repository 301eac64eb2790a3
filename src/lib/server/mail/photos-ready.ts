import { eq } from 'drizzle-orm';
import type { Tx } from '../db/client';
import { clinic, patient, treatmentSession, user } from '../db/schema';
import { clinicSettings } from '../clinic/clinic';
import { portalState } from '../patients/portal-access';
import { config } from '../platform/config';
import { todayIn } from '../../domain/clock';
import { queueMail } from './outbox';
import { dateInWords, firstNameOf } from './notice-vars';

/** Long enough for the rest of the batch to be uploaded and processed (each photo takes seconds). */
export const PHOTOS_READY_DELAY_MS = 10 * 60 * 1000;

/**
 * "New photos from your session are in your timeline", queued in the transaction that adds a
 * photo, for a patient who can open that timeline (a portal account whose access has not
 * ended, not archived). Once per session; photos with no session (a follow-up) once per
 * patient per clinic day, so a follow-up visit's batch is one message and a later visit's is
 * another. Sent to the account's own address, the one the patient signs in with. The demo's
 * seed inserts its photos directly and so sends nothing.
 */
export function queuePhotosReady(
	tx: Tx,
	patientId: string,
	photo: { sessionId: string | null; takenOn: string },
	now = new Date()
): string | null {
	const p = tx.select().from(patient).where(eq(patient.id, patientId)).get();
	if (!p?.userId || p.archivedAt || portalState(tx, p) !== 'active') {
		return null;
	}
	const account = tx.select({ email: user.email }).from(user).where(eq(user.id, p.userId)).get();
	const c = tx.select().from(clinic).where(eq(clinic.id, p.clinicId)).get();
	if (!account || !c) {
		return null;
	}
	const today = todayIn(clinicSettings(c).timeZone, now);
	const session = photo.sessionId
		? tx
				.select({ performedOn: treatmentSession.performedOn })
				.from(treatmentSession)
				.where(eq(treatmentSession.id, photo.sessionId))
				.get()
		: undefined;
	return queueMail(
		tx,
		{
			clinicId: p.clinicId,
			kind: 'photos_ready',
			to: account.email,
			patientId: p.id,
			userId: p.userId,
			dedupeKey: photo.sessionId
				? `photos_ready:${photo.sessionId}`
				: `photos_ready:${p.id}:${today}`,
			sendAfter: new Date(now.getTime() + PHOTOS_READY_DELAY_MS),
			vars: {
				firstName: firstNameOf(p.displayName),
				date: dateInWords(session?.performedOn ?? photo.takenOn, today),
				link: `${config.origin()}/me`
			}
		},
		now
	);
}
