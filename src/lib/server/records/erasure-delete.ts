// Deleting every row of an erased patient, children before parents (foreign keys are on).
import { eq, inArray, or, sql } from 'drizzle-orm';
import type { Tx } from '../db/client';
import {
	accountToken,
	apiToken,
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
	photoAlignment,
	photoVariant,
	recoveryCode,
	session,
	signInAttempt,
	socialExport,
	totpCredential,
	treatmentSession,
	trustedDevice,
	user,
	webauthnChallenge
} from '../db/schema';
import { accountKey, deviceKey, pairKey } from '../auth/throttle';
import type { ErasureScope } from './erasure-scope';

/**
 * Every table that can hold a row of a patient or of their portal account, and how an erasure
 * deals with it. erasure.spec.ts reads the live schema and fails when a table with a
 * patient, user, photo, case, course or session column is missing here: a new table must
 * decide what happens to an erased patient's rows before it ships.
 */
export const ERASURE_HANDLED: Record<string, string> = {
	patient: 'deleted',
	user: 'the portal account is deleted; staff accounts are not the patient’s',
	photo: 'deleted, files after the commit',
	photo_variant: 'deleted, files after the commit',
	photo_alignment: 'deleted with the photos (measurements of them, no files)',
	gallery_case: 'deleted',
	gallery_image: 'deleted, files after the commit',
	social_export:
		'deleted (migration 0017 allows it while erasure_pending names the patient); no files are kept',
	consent: 'deleted (migration 0013 allows it while erasure_pending names the patient)',
	course: 'deleted',
	treatment_session: 'deleted',
	patient_contact: 'deleted',
	mail_message: 'deleted',
	mail_preference: 'deleted',
	invitation: 'deleted',
	session: 'the portal account’s are deleted',
	trusted_device: 'the portal account’s are deleted',
	account_token: 'the portal account’s are deleted',
	api_token: 'the portal account’s are deleted (staff only hold them)',
	passkey: 'the portal account’s are deleted',
	totp_credential: 'the portal account’s is deleted',
	recovery_code: 'the portal account’s are deleted',
	pending_sign_in: 'the portal account’s are deleted',
	webauthn_challenge: 'the portal account’s are deleted',
	audit_event: 'de-identified, never deleted (erasure-audit.ts)',
	erasure_pending: 'the erasure’s own marker, removed before commit',
	consent_text: 'staff wording: created_by is a staff account',
	patient_erasure: 'the tombstone: erased_by is the owner'
};

const none = ['\u0000'];
const within = (list: string[]) => (list.length ? list : none);

export function deletePatientRows(tx: Tx, scope: ErasureScope): void {
	const p = scope.patient;
	const photos = within(scope.photoIds);
	tx.delete(galleryImage)
		.where(inArray(galleryImage.caseId, within(scope.caseIds)))
		.run();
	tx.delete(socialExport).where(eq(socialExport.patientId, p.id)).run();
	tx.delete(galleryCase).where(eq(galleryCase.patientId, p.id)).run();
	tx.delete(photoVariant).where(inArray(photoVariant.photoId, photos)).run();
	tx.delete(photoAlignment).where(inArray(photoAlignment.photoId, photos)).run();
	tx.delete(photo).where(eq(photo.patientId, p.id)).run();
	tx.delete(patientContact).where(eq(patientContact.patientId, p.id)).run();
	tx.delete(treatmentSession)
		.where(inArray(treatmentSession.courseId, within(scope.courseIds)))
		.run();
	tx.delete(course).where(eq(course.patientId, p.id)).run();
	tx.delete(consent).where(eq(consent.patientId, p.id)).run();
	tx.delete(mailPreference).where(eq(mailPreference.patientId, p.id)).run();
	tx.delete(mailMessage)
		.where(inArray(mailMessage.id, within(scope.mailIds)))
		.run();
	tx.delete(invitation).where(eq(invitation.patientId, p.id)).run();
	tx.delete(job)
		.where(inArray(job.id, within(scope.jobIds)))
		.run();
	if (scope.portalUser) {
		deleteAccount(tx, scope);
	}
	deleteThrottleKeys(tx, scope);
	tx.delete(patient).where(eq(patient.id, p.id)).run();
	if (scope.portalUser) {
		tx.delete(user).where(eq(user.id, scope.portalUser.id)).run();
	}
}

function deleteAccount(tx: Tx, scope: ErasureScope): void {
	const u = scope.portalUser!;
	tx.delete(webauthnChallenge)
		.where(
			or(
				eq(webauthnChallenge.userId, u.id),
				inArray(webauthnChallenge.sessionId, within(scope.portalSessionIds))
			)
		)
		.run();
	tx.delete(pendingSignIn).where(eq(pendingSignIn.userId, u.id)).run();
	tx.delete(session).where(eq(session.userId, u.id)).run();
	tx.delete(trustedDevice).where(eq(trustedDevice.userId, u.id)).run();
	tx.delete(totpCredential).where(eq(totpCredential.userId, u.id)).run();
	tx.delete(recoveryCode).where(eq(recoveryCode.userId, u.id)).run();
	tx.delete(passkey).where(eq(passkey.userId, u.id)).run();
	tx.delete(accountToken).where(eq(accountToken.userId, u.id)).run();
	tx.delete(apiToken).where(eq(apiToken.userId, u.id)).run();
}

/** Sign-in throttling is keyed by the address typed (throttle.ts): those keys name the person. */
function deleteThrottleKeys(tx: Tx, scope: ErasureScope): void {
	const emails = [scope.patient.email, scope.portalUser?.email].filter((e): e is string => !!e);
	for (const email of emails) {
		const pairs = pairKey(email, '').slice(0, -'"]'.length);
		tx.delete(signInAttempt)
			.where(
				or(
					eq(signInAttempt.key, accountKey(email)),
					sql`substr(${signInAttempt.key}, 1, ${pairs.length}) = ${pairs}`
				)
			)
			.run();
	}
	if (scope.trustedDeviceIds.length) {
		tx.delete(signInAttempt)
			.where(inArray(signInAttempt.key, scope.trustedDeviceIds.map(deviceKey)))
			.run();
	}
}
