import { and, eq, gte, isNull, ne } from 'drizzle-orm';
import type { Db, Tx } from '../db/client';
import { clinic, patient, photo, treatmentSession, user, type MailMessage } from '../db/schema';
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

/** Photos added up to this long before their notice was queued belong to its batch too. */
const BATCH_SLACK_MS = 60 * 1000;

/**
 * Whether a queued notice still has photos to tell of when its delay is over. A batch deleted
 * in the meantime (the wrong patient, a blurred set) must not send the patient to a timeline
 * with nothing new; failed photos count as gone. The dedupe key says which batch it was: a
 * session's photos, or the no-session photos of that patient since the notice was queued.
 */
export function photosReadyStillTrue(db: Db, row: MailMessage): boolean {
	if (row.kind !== 'photos_ready' || !row.patientId || !row.dedupeKey) {
		return true;
	}
	const [, sessionOrPatient, day] = row.dedupeKey.split(':');
	const still = db
		.select({ id: photo.id })
		.from(photo)
		.where(
			and(
				eq(photo.patientId, row.patientId),
				isNull(photo.deletedAt),
				ne(photo.status, 'failed'),
				day
					? and(
							isNull(photo.sessionId),
							gte(photo.createdAt, new Date(row.createdAt.getTime() - BATCH_SLACK_MS))
						)
					: eq(photo.sessionId, sessionOrPatient)
			)
		)
		.get();
	return still !== undefined;
}
