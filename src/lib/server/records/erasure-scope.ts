// Everything that belongs to one patient, found once: the preview counts it, the erasure
// deletes it, and the audit rows pointing at any of it are de-identified.
import { and, eq, inArray, isNull, or } from 'drizzle-orm';
import type { Db, Tx } from '../db/client';
import {
	accountToken,
	consent,
	course,
	galleryCase,
	galleryImage,
	invitation,
	job,
	mailMessage,
	mailPreference,
	passkey,
	patient,
	patientContact,
	pendingSignIn,
	photo,
	photoVariant,
	recoveryCode,
	session,
	totpCredential,
	treatmentSession,
	trustedDevice,
	user,
	webauthnChallenge,
	type Patient,
	type User
} from '../db/schema';
import type { ErasureCounts } from '../../domain/erasure';

export interface ErasureScope {
	patient: Patient;
	/** the patient's portal account, if they have one */
	portalUser: User | null;
	photoIds: string[];
	caseIds: string[];
	courseIds: string[];
	sessionIds: string[];
	mailIds: string[];
	jobIds: string[];
	/** the portal account's sessions and trusted browsers (their throttle keys name them) */
	portalSessionIds: string[];
	trustedDeviceIds: string[];
	/** every id of the patient's: audit rows naming one of them are de-identified */
	ids: Set<string>;
	/** originals, derived sizes and public gallery images, deleted after the commit */
	files: string[];
	/** the latest entry's candidates: sessions performed, photos taken, the record made (ISO days) */
	entryDays: string[];
	counts: ErasureCounts;
}

const ids = (rows: { id: string }[]) => rows.map((r) => r.id);
const none = ['\u0000'];
/** inArray over a list that may be empty (drizzle refuses an empty list) */
const within = <T extends string>(list: T[]) => (list.length ? list : (none as T[]));

/** The patient's record in this clinic, or undefined (another clinic's id finds nothing). */
export function findPatient(db: Db | Tx, clinicId: string, patientId: string) {
	return db
		.select()
		.from(patient)
		.where(and(eq(patient.id, patientId), eq(patient.clinicId, clinicId)))
		.get();
}

export function erasureScope(db: Db | Tx, p: Patient, createdOn: string): ErasureScope {
	const portalUser =
		(p.userId &&
			db
				.select()
				.from(user)
				.where(and(eq(user.id, p.userId), eq(user.role, 'patient')))
				.get()) ||
		null;
	const u = portalUser?.id ?? '\u0000';

	const photos = db
		.select({
			id: photo.id,
			originalKey: photo.originalKey,
			takenOn: photo.takenOn,
			deletedAt: photo.deletedAt
		})
		.from(photo)
		.where(eq(photo.patientId, p.id))
		.all();
	const photoIds = ids(photos);
	const variants = db
		.select({ key: photoVariant.key })
		.from(photoVariant)
		.where(inArray(photoVariant.photoId, within(photoIds)))
		.all();
	const cases = db
		.select({ id: galleryCase.id, status: galleryCase.status })
		.from(galleryCase)
		.where(eq(galleryCase.patientId, p.id))
		.all();
	const caseIds = ids(cases);
	const images = db
		.select({ key: galleryImage.key, token: galleryImage.token })
		.from(galleryImage)
		.where(inArray(galleryImage.caseId, within(caseIds)))
		.all();
	const consentIds = ids(
		db.select({ id: consent.id }).from(consent).where(eq(consent.patientId, p.id)).all()
	);
	const courseIds = ids(
		db.select({ id: course.id }).from(course).where(eq(course.patientId, p.id)).all()
	);
	const sessions = db
		.select({ id: treatmentSession.id, performedOn: treatmentSession.performedOn })
		.from(treatmentSession)
		.where(inArray(treatmentSession.courseId, within(courseIds)))
		.all();
	const contactIds = ids(
		db
			.select({ id: patientContact.id })
			.from(patientContact)
			.where(eq(patientContact.patientId, p.id))
			.all()
	);
	const invitationIds = ids(
		db.select({ id: invitation.id }).from(invitation).where(eq(invitation.patientId, p.id)).all()
	);
	const emails = [p.email, portalUser?.email].filter((e): e is string => !!e);
	const mailIds = ids(
		db
			.select({ id: mailMessage.id })
			.from(mailMessage)
			.where(
				and(
					eq(mailMessage.clinicId, p.clinicId),
					or(
						eq(mailMessage.patientId, p.id),
						eq(mailMessage.userId, u),
						// sent to their address before the record or account was linked to it
						and(isNull(mailMessage.userId), inArray(mailMessage.toAddress, within(emails)))
					)
				)
			)
			.all()
	);
	const mailPreferences = db
		.select({ token: mailPreference.token })
		.from(mailPreference)
		.where(eq(mailPreference.patientId, p.id))
		.all();
	const portalSessionIds = ids(
		db.select({ id: session.id }).from(session).where(eq(session.userId, u)).all()
	);
	const trustedDeviceIds = ids(
		db.select({ id: trustedDevice.id }).from(trustedDevice).where(eq(trustedDevice.userId, u)).all()
	);
	const passkeyIds = ids(
		db.select({ id: passkey.id }).from(passkey).where(eq(passkey.userId, u)).all()
	);
	const totp = db
		.select({ userId: totpCredential.userId })
		.from(totpCredential)
		.where(eq(totpCredential.userId, u))
		.all();
	const recoveryCodes = ids(
		db.select({ id: recoveryCode.id }).from(recoveryCode).where(eq(recoveryCode.userId, u)).all()
	);
	const accountTokens = ids(
		db.select({ id: accountToken.id }).from(accountToken).where(eq(accountToken.userId, u)).all()
	);
	const pendingSignIns = ids(
		db.select({ id: pendingSignIn.id }).from(pendingSignIn).where(eq(pendingSignIn.userId, u)).all()
	);
	const challenges = ids(
		db
			.select({ id: webauthnChallenge.id })
			.from(webauthnChallenge)
			.where(eq(webauthnChallenge.userId, u))
			.all()
	);

	const all = new Set<string>([
		p.id,
		...(portalUser ? [portalUser.id] : []),
		...photoIds,
		...caseIds,
		...images.map((i) => i.token),
		...mailPreferences.map((m) => m.token),
		...consentIds,
		...courseIds,
		...ids(sessions),
		...contactIds,
		...invitationIds,
		...mailIds,
		...portalSessionIds,
		...trustedDeviceIds,
		...passkeyIds,
		...recoveryCodes,
		...accountTokens,
		...pendingSignIns,
		...challenges
	]);
	const jobIds = jobsNaming(db, all);

	return {
		patient: p,
		portalUser,
		photoIds,
		caseIds,
		courseIds,
		sessionIds: ids(sessions),
		mailIds,
		jobIds,
		portalSessionIds,
		trustedDeviceIds,
		ids: all,
		files: [
			...photos.map((ph) => ph.originalKey),
			...variants.map((v) => v.key),
			...images.map((i) => i.key)
		],
		entryDays: [
			createdOn,
			...sessions.map((s) => s.performedOn),
			...photos.map((ph) => ph.takenOn)
		],
		counts: {
			photos: photos.length,
			deletedPhotos: photos.filter((ph) => ph.deletedAt !== null).length,
			photoFiles: photos.length + variants.length,
			publishedCases: cases.filter((c) => c.status === 'published').length,
			draftCases: cases.filter((c) => c.status === 'draft').length,
			withdrawnCases: cases.filter((c) => c.status === 'withdrawn').length,
			galleryFiles: images.length,
			consents: consentIds.length,
			courses: courseIds.length,
			sessions: sessions.length,
			contacts: contactIds.length,
			mailMessages: mailIds.length,
			mailPreferences: mailPreferences.length,
			invitations: invitationIds.length,
			portalAccount: portalUser ? 1 : 0,
			portalSessions: portalSessionIds.length,
			passkeys: passkeyIds.length,
			twoFactor: totp.length > 0 || recoveryCodes.length > 0 ? 1 : 0,
			trustedDevices: trustedDeviceIds.length
		}
	};
}

/** Ids are 32 base32 characters (and tokens alike): what a job's payload can name. */
const ID_LIKE = /[A-Za-z0-9]{16,}/g;

/**
 * Jobs whose payload names anything of the patient's (a photo to derive, a message to send):
 * a job left behind would fail on a missing row, or worse, hold the id for ever.
 */
function jobsNaming(db: Db | Tx, all: Set<string>): string[] {
	return db
		.select({ id: job.id, payload: job.payload })
		.from(job)
		.all()
		.filter((j) => (JSON.stringify(j.payload).match(ID_LIKE) ?? []).some((t) => all.has(t)))
		.map((j) => j.id);
}
