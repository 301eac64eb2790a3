import { and, eq, inArray } from 'drizzle-orm';
import type { Db } from '../db/client';
import {
	consentText,
	apiToken,
	clinic,
	consent,
	course,
	galleryCase,
	invitation,
	mailMessage,
	patient,
	patientContact,
	patientErasure,
	photo,
	treatmentSession,
	user
} from '../db/schema';
import { CONSENT_LABELS, type ConsentScope } from '../../domain/consent';
import { CONCERN_LABELS, isConcern } from '../../domain/concerns';
import { VIEW_LABELS, type PhotoView } from '../../domain/views';
import { MAIL_KIND_LABELS, type MailKind } from '../../domain/mail-kinds';
import { formatDate } from '../../format';

export interface AuditTarget {
	targetType: string | null;
	targetId: string | null;
}

/** What an audited target was, in the words a clinic uses, and the patient it concerned. */
export interface TargetWords {
	words: string;
	patientId: string | null;
	/** the staff page where the target can be seen, when there is one */
	href: string | null;
}

export const targetKey = (t: AuditTarget) => `${t.targetType}:${t.targetId}`;

type Found = { id: string; patientId: string | null; words: string; href?: string | null };
type Lookup = (db: Db, clinicId: string, ids: string[]) => Found[];

const patientPage = (id: string) => `/clinic/patients/${id}`;
const ofPatient = (what: string, name: string) => `${what} · ${name}`;

/**
 * One query per kind of target, each scoped to the clinic: an id from another clinic (or a row
 * since deleted) finds nothing and is shown as such, never as another clinic's record.
 */
const LOOKUPS: Record<string, Lookup> = {
	patient: (db, clinicId, ids) =>
		db
			.select({ id: patient.id, name: patient.displayName })
			.from(patient)
			.where(and(eq(patient.clinicId, clinicId), inArray(patient.id, ids)))
			.all()
			.map((r) => ({ id: r.id, patientId: r.id, words: r.name })),
	photo: (db, clinicId, ids) =>
		db
			.select({
				id: photo.id,
				patientId: photo.patientId,
				view: photo.view,
				takenOn: photo.takenOn,
				deletedAt: photo.deletedAt,
				name: patient.displayName
			})
			.from(photo)
			.innerJoin(patient, eq(patient.id, photo.patientId))
			.where(and(eq(photo.clinicId, clinicId), inArray(photo.id, ids)))
			.all()
			.map((r) => ({
				id: r.id,
				patientId: r.patientId,
				words: ofPatient(
					`${VIEW_LABELS[r.view as PhotoView] ?? r.view} photo of ${formatDate(r.takenOn)}${r.deletedAt ? ' (deleted)' : ''}`,
					r.name
				)
			})),
	consent: (db, clinicId, ids) =>
		db
			.select({
				id: consent.id,
				patientId: consent.patientId,
				scope: consent.scope,
				name: patient.displayName
			})
			.from(consent)
			.innerJoin(patient, eq(patient.id, consent.patientId))
			.where(and(eq(consent.clinicId, clinicId), inArray(consent.id, ids)))
			.all()
			.map((r) => ({
				id: r.id,
				patientId: r.patientId,
				words: ofPatient(`${CONSENT_LABELS[r.scope as ConsentScope] ?? r.scope} consent`, r.name)
			})),
	course: (db, clinicId, ids) =>
		db
			.select({
				id: course.id,
				patientId: course.patientId,
				concern: course.concern,
				name: patient.displayName
			})
			.from(course)
			.innerJoin(patient, eq(patient.id, course.patientId))
			.where(and(eq(course.clinicId, clinicId), inArray(course.id, ids)))
			.all()
			.map((r) => ({
				id: r.id,
				patientId: r.patientId,
				words: ofPatient(
					`${isConcern(r.concern) ? CONCERN_LABELS[r.concern] : r.concern} course`,
					r.name
				)
			})),
	treatment_session: (db, clinicId, ids) =>
		db
			.select({
				id: treatmentSession.id,
				patientId: course.patientId,
				performedOn: treatmentSession.performedOn,
				name: patient.displayName
			})
			.from(treatmentSession)
			.innerJoin(course, eq(course.id, treatmentSession.courseId))
			.innerJoin(patient, eq(patient.id, course.patientId))
			.where(and(eq(course.clinicId, clinicId), inArray(treatmentSession.id, ids)))
			.all()
			.map((r) => ({
				id: r.id,
				patientId: r.patientId,
				words: ofPatient(`Session of ${formatDate(r.performedOn)}`, r.name)
			})),
	gallery_case: (db, clinicId, ids) =>
		db
			.select({ id: galleryCase.id, patientId: galleryCase.patientId, title: galleryCase.title })
			.from(galleryCase)
			.where(and(eq(galleryCase.clinicId, clinicId), inArray(galleryCase.id, ids)))
			.all()
			.map((r) => ({
				id: r.id,
				patientId: r.patientId,
				words: `Gallery case “${r.title}”`,
				href: `/clinic/gallery/${r.id}`
			})),
	user: (db, clinicId, ids) =>
		db
			.select({ id: user.id, name: user.name, role: user.role })
			.from(user)
			.where(and(eq(user.clinicId, clinicId), inArray(user.id, ids)))
			.all()
			.map((r) => ({
				id: r.id,
				patientId: null,
				words: `${r.name} (${r.role === 'frontdesk' ? 'front desk' : r.role})`,
				href: r.role === 'patient' ? null : '/clinic/staff'
			})),
	api_token: (db, clinicId, ids) =>
		db
			.select({ id: apiToken.id, name: apiToken.name })
			.from(apiToken)
			.where(and(eq(apiToken.clinicId, clinicId), inArray(apiToken.id, ids)))
			.all()
			.map((r) => ({
				id: r.id,
				patientId: null,
				words: `API token “${r.name}”`,
				href: '/clinic/integrations'
			})),
	invitation: (db, clinicId, ids) =>
		db
			.select({ id: invitation.id, name: invitation.name, patientId: invitation.patientId })
			.from(invitation)
			.where(and(eq(invitation.clinicId, clinicId), inArray(invitation.id, ids)))
			.all()
			.map((r) => ({ id: r.id, patientId: r.patientId, words: `Invitation for ${r.name}` })),
	mail_message: (db, clinicId, ids) =>
		db
			.select({ id: mailMessage.id, kind: mailMessage.kind, patientId: mailMessage.patientId })
			.from(mailMessage)
			.where(and(eq(mailMessage.clinicId, clinicId), inArray(mailMessage.id, ids)))
			.all()
			.map((r) => ({
				id: r.id,
				patientId: r.patientId,
				words: `Email: ${MAIL_KIND_LABELS[r.kind as MailKind] ?? r.kind}`,
				href: '/clinic/outbox'
			})),
	patient_contact: (db, clinicId, ids) =>
		db
			.select({
				id: patientContact.id,
				patientId: patientContact.patientId,
				name: patient.displayName
			})
			.from(patientContact)
			.innerJoin(patient, eq(patient.id, patientContact.patientId))
			.where(and(eq(patientContact.clinicId, clinicId), inArray(patientContact.id, ids)))
			.all()
			.map((r) => ({ id: r.id, patientId: r.patientId, words: ofPatient('Contact', r.name) })),
	// an erased patient's tombstone: when and why, never who (it holds no name to show)
	erasure: (db, clinicId, ids) =>
		db
			.select({ id: patientErasure.id, reason: patientErasure.reason })
			.from(patientErasure)
			.where(and(eq(patientErasure.clinicId, clinicId), inArray(patientErasure.id, ids)))
			.all()
			.map((r) => ({
				id: r.id,
				patientId: null,
				words: `Erased patient record: “${r.reason}”`,
				href: null
			})),
	// a saved version of the clinic's consent wording, read on the consent wording page
	consent_text: (db, clinicId, ids) =>
		db
			.select({ id: consentText.id, scope: consentText.scope, seq: consentText.seq })
			.from(consentText)
			.where(and(eq(consentText.clinicId, clinicId), inArray(consentText.id, ids)))
			.all()
			.map((r) => ({
				id: r.id,
				patientId: null,
				words: `${CONSENT_LABELS[r.scope]} consent wording, version ${r.seq}`,
				href: '/clinic/settings/consents'
			})),
	clinic: (db, clinicId, ids) =>
		db
			.select({ id: clinic.id, name: clinic.name })
			.from(clinic)
			.where(and(eq(clinic.id, clinicId), inArray(clinic.id, ids)))
			.all()
			.map((r) => ({ id: r.id, patientId: null, words: r.name, href: '/clinic/settings' }))
};

const NOUNS: Record<string, string> = {
	patient: 'patient',
	photo: 'photo',
	consent: 'consent',
	course: 'course',
	treatment_session: 'session',
	gallery_case: 'gallery case',
	user: 'account',
	api_token: 'API token',
	invitation: 'invitation',
	mail_message: 'email',
	patient_contact: 'contact',
	erasure: 'erased record',
	consent_text: 'consent wording',
	clinic: 'clinic'
};

/** Each target of the rows in words, keyed by targetKey(); targets no longer found say so. */
export function describeTargets(
	db: Db,
	clinicId: string,
	rows: readonly AuditTarget[]
): Map<string, TargetWords> {
	const out = new Map<string, TargetWords>();
	const byType = new Map<string, Set<string>>();
	for (const r of rows) {
		if (r.targetType && r.targetId) {
			byType.set(r.targetType, (byType.get(r.targetType) ?? new Set()).add(r.targetId));
		}
	}
	for (const [type, idSet] of byType) {
		const ids = [...idSet];
		const found = LOOKUPS[type]?.(db, clinicId, ids) ?? [];
		for (const f of found) {
			out.set(`${type}:${f.id}`, {
				words: f.words,
				patientId: f.patientId,
				href: f.href === undefined ? (f.patientId ? patientPage(f.patientId) : null) : f.href
			});
		}
		for (const id of ids) {
			if (!out.has(`${type}:${id}`)) {
				// erased or never this clinic's: the short id is all that may be said
				out.set(`${type}:${id}`, {
					words: `${NOUNS[type] ?? type.replaceAll('_', ' ')} ${id.slice(0, 8)} (no longer on record)`,
					patientId: null,
					href: null
				});
			}
		}
	}
	return out;
}
