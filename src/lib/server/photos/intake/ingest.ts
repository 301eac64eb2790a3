import { and, eq } from 'drizzle-orm';
import { writeTx, type Db, type Tx } from '../../db/client';
import { photo, treatmentSession, course } from '../../db/schema';
import type { BlobStore } from '../../storage/blob-store';
import { keys } from '../../storage';
import { newId } from '../../platform/ids';
import { audit } from '../../audit/audit';
import { enqueue } from '../../jobs/queue';
import { hasActiveConsent } from '../../consents/consents';
import { isPhotoView, type PhotoView } from '../../../domain/views';
import { NO_SESSION } from '../../../domain/photo-filing';
import { parseIsoDate, toIsoDate } from '../../../domain/schedule';
import { clinicToday } from '../../clinic/clinic';
import type { StaffActor } from '../../auth/guard';
import type { Patient } from '../../db/schema';
import type { ReceivedFile } from './receive';
import { sniffType } from './sniff';
import { inspectPhoto } from './inspect';
import { imageWork } from '../pipeline/image-work';
import { queuePhotosReady } from '../../mail/photos-ready';
import { ACCEPTED_FORMATS_TEXT, ANIMATED_MESSAGE, PhotoRejected } from './rejection';

export const DERIVE_JOB = 'derive_photo';

export interface PhotoMeta {
	view: PhotoView;
	sessionId: string | null;
	takenOn: string;
}

/**
 * Reads and checks view, sessionId and takenOn; the session must belong to this patient. With
 * `sessionChosen` (the staff form), the session must have been chosen: an id, or NO_SESSION for
 * a follow-up photo. A form that lost or never had the field is refused instead of filing the
 * photo under no session, which is how photos were once silently misfiled.
 */
export function parsePhotoMeta(
	db: Db,
	p: Patient,
	fields: Record<string, string>,
	now = new Date(),
	{ sessionChosen = false } = {}
): PhotoMeta {
	const view = fields.view ?? '';
	if (!isPhotoView(view)) {
		throw new PhotoRejected(
			400,
			'Choose a view: front, left45, right45, left90, right90 or custom.'
		);
	}
	if (sessionChosen && !fields.sessionId) {
		throw new PhotoRejected(
			400,
			'Choose the session these photos belong to, or “No session” for a follow-up photo.'
		);
	}
	let sessionId: string | null = null;
	let sessionDate: string | undefined;
	if (fields.sessionId && fields.sessionId !== NO_SESSION) {
		const s = db
			.select({ id: treatmentSession.id, performedOn: treatmentSession.performedOn })
			.from(treatmentSession)
			.innerJoin(course, eq(course.id, treatmentSession.courseId))
			.where(and(eq(treatmentSession.id, fields.sessionId), eq(course.patientId, p.id)))
			.get();
		if (!s) {
			throw new PhotoRejected(404, 'That treatment session does not exist for this patient.');
		}
		sessionId = s.id;
		sessionDate = s.performedOn;
	}
	// without a session or a date, the photo was taken today on the clinic's calendar
	let takenOn = sessionDate ?? clinicToday(db, p.clinicId, now);
	if (fields.takenOn) {
		try {
			takenOn = toIsoDate(parseIsoDate(fields.takenOn));
		} catch {
			throw new PhotoRejected(400, 'takenOn must be a date like 2026-03-14.');
		}
	}
	return { view, sessionId, takenOn };
}

export function hasActivePhotoConsent(db: Db | Tx, patientId: string, now = new Date()): boolean {
	return hasActiveConsent(db, patientId, 'photos_private', now);
}

/**
 * One uploaded file → the original stored privately, then the photo row (processing) and its
 * job in one transaction. The file is durable before the row commits, so a row never points
 * to a missing file; a crash in between leaves only a stray file, which the sweep removes.
 */
export async function ingestPhoto(
	db: Db,
	store: BlobStore,
	actor: StaffActor,
	p: Patient,
	file: ReceivedFile,
	meta: PhotoMeta
): Promise<{ id: string; status: 'processing' }> {
	if (file.tooLarge) {
		throw new PhotoRejected(413, 'The file is larger than the upload limit.');
	}
	if (file.bytes === 0) {
		throw new PhotoRejected(422, 'The file is empty.');
	}
	const type = await sniffType(file.head);
	if (type === 'animated') {
		throw new PhotoRejected(422, ANIMATED_MESSAGE);
	}
	if (!type) {
		throw new PhotoRejected(
			415,
			`This is not a photo format we accept. Upload ${ACCEPTED_FORMATS_TEXT}.`
		);
	}
	const size = await imageWork(actor.user.id, () => inspectPhoto(file.tempPath, type));

	const id = newId();
	const originalKey = keys.original(id);
	await store.adopt(file.tempPath, originalKey);
	try {
		writeTx(db, (tx) => {
			// Consent is checked inside the write lock: a revocation that lands first wins.
			if (!hasActivePhotoConsent(tx, p.id)) {
				throw new PhotoRejected(403, 'This patient has no active consent to clinical photos.');
			}
			tx.insert(photo)
				.values({
					id,
					clinicId: p.clinicId,
					patientId: p.id,
					sessionId: meta.sessionId,
					view: meta.view,
					takenOn: meta.takenOn,
					status: 'processing',
					width: size.width,
					height: size.height,
					sha256: file.sha256,
					originalKey,
					originalType: type,
					originalBytes: file.bytes,
					uploadedBy: actor.user.id
				})
				.run();
			enqueue(tx, DERIVE_JOB, { photoId: id });
			// the patient hears of it once per session, after the batch has had time to process
			queuePhotosReady(tx, p.id, meta);
			audit(tx, {
				clinicId: p.clinicId,
				actorUserId: actor.user.id,
				action: 'photo_upload',
				targetType: 'photo',
				targetId: id,
				ok: true
			});
		});
	} catch (e) {
		await store.delete(originalKey);
		throw e;
	}
	return { id, status: 'processing' };
}
