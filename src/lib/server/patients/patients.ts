import { and, asc, desc, eq, inArray, isNotNull, isNull, sql } from 'drizzle-orm';
import { consentState, type ConsentState } from '../../domain/consent';
import { writeTx, type Db } from '../db/client';
import { consent, course, patient, treatmentSession, type Patient } from '../db/schema';
import type { StaffActor } from '../auth/guard';
import { can, requirePatientAccess } from '../auth/guard';
import { audit } from '../audit/audit';
import { listOpenInvitations, revokePatientInvitations } from '../invitations/invitations';
import { endPortalAccess, portalState } from './portal-access';
import { formatPhone } from '../../domain/phone';
import { patientContacts } from '../front-desk/contacts';

export interface PatientInput {
	displayName: string;
	email: string | null;
	/**
	 * E.164; staff only, never on the patient's own pages (patient-record.ts). Left out: an
	 * update keeps the number on file.
	 */
	phone?: string | null;
	birthYear: number | null;
	fitzpatrick: number | null;
	concerns: string[];
}

export interface PatientFilters {
	q?: string;
	concern?: string;
	/** 'active': a course with sessions still to do; 'none': no open course */
	course?: 'active' | 'none';
	/** the photos_private consent's state */
	consent?: ConsentState;
	archived?: boolean;
}

/** How many active patients the clinic has (the list itself stops at 500 rows). */
export function countPatients(db: Db, actor: StaffActor): number {
	return (
		db
			.select({ n: sql<number>`count(*)` })
			.from(patient)
			.where(and(eq(patient.clinicId, actor.clinicId), isNull(patient.archivedAt)))
			.get()?.n ?? 0
	);
}

export function listPatients(db: Db, actor: StaffActor, query: PatientFilters = {}) {
	const rows = patientRows(db, actor, query);
	if (!query.course && !query.consent) {
		return rows;
	}
	const ids = rows.map((r) => r.id);
	const now = new Date();
	const consents = ids.length
		? db.select().from(consent).where(inArray(consent.patientId, ids)).all()
		: [];
	const open = new Set(
		ids.length
			? db
					.select({
						patientId: course.patientId,
						planned: course.plannedSessions,
						// qualified by hand: drizzle renders a lone column unqualified, which the subquery would read as its own id
						done: sql<number>`(select count(*) from treatment_session s where s.course_id = "course"."id")`
					})
					.from(course)
					.where(inArray(course.patientId, ids))
					.all()
					.filter((c) => c.done < c.planned)
					.map((c) => c.patientId)
			: []
	);
	return rows.filter(
		(r) =>
			(!query.course || (query.course === 'active') === open.has(r.id)) &&
			(!query.consent ||
				consentState(
					consents.filter((c) => c.patientId === r.id),
					'photos_private',
					now
				) === query.consent)
	);
}

function patientRows(db: Db, actor: StaffActor, query: PatientFilters) {
	const q = query.q?.trim();
	return db
		.select({
			id: patient.id,
			displayName: patient.displayName,
			fitzpatrick: patient.fitzpatrick,
			concerns: patient.concerns,
			hasAccount: sql<boolean>`${patient.userId} is not null`,
			archivedAt: patient.archivedAt
		})
		.from(patient)
		.where(
			and(
				eq(patient.clinicId, actor.clinicId),
				query.archived ? isNotNull(patient.archivedAt) : isNull(patient.archivedAt),
				q
					? sql`${patient.displayName} like ${`%${q.replace(/[%_\\]/g, '\\$&')}%`} escape '\\'`
					: undefined,
				query.concern
					? sql`exists (select 1 from json_each(${patient.concerns}) where value = ${query.concern})`
					: undefined
			)
		)
		.orderBy(asc(patient.displayName))
		.limit(500)
		.all();
}

export function createPatient(db: Db, actor: StaffActor, input: PatientInput) {
	return writeTx(db, (tx) => {
		const row = tx
			.insert(patient)
			.values({ clinicId: actor.clinicId, ...input })
			.returning()
			.get();
		audit(tx, {
			clinicId: actor.clinicId,
			actorUserId: actor.user.id,
			action: 'patient_create',
			targetType: 'patient',
			targetId: row.id,
			ok: true
		});
		return row;
	});
}

/**
 * Everything the staff patient page shows, trimmed to what the actor's role may see. Staff
 * only: a patient's own pages read `patient-record.ts`, which has no clinical notes.
 */
export function patientOverview(db: Db, actor: StaffActor, patientId: string, now = new Date()) {
	const p = requirePatientAccess(db, actor, patientId);
	const clinical = can(actor.user.role, 'clinical.read');
	// the consent list's columns: not the signature image, nor staff ids
	const consents = db
		.select({
			id: consent.id,
			scope: consent.scope,
			textVersion: consent.textVersion,
			signedName: consent.signedName,
			grantedAt: consent.grantedAt,
			expiresAt: consent.expiresAt,
			revokedAt: consent.revokedAt,
			revokedReason: consent.revokedReason
		})
		.from(consent)
		.where(and(eq(consent.patientId, p.id), eq(consent.clinicId, p.clinicId)))
		.orderBy(desc(consent.grantedAt))
		.all();
	const courses = clinical
		? db
				.select()
				.from(course)
				.where(and(eq(course.patientId, p.id), eq(course.clinicId, p.clinicId)))
				.orderBy(desc(course.startedOn))
				.all()
		: [];
	const sessions = courses.length
		? db
				.select()
				.from(treatmentSession)
				.where(
					inArray(
						treatmentSession.courseId,
						courses.map((c) => c.id)
					)
				)
				.orderBy(asc(treatmentSession.performedOn))
				.all()
		: [];
	return {
		patient: p,
		consents,
		courses: courses.map((c) => ({
			...c,
			sessions: sessions.filter((s) => s.courseId === c.id)
		})),
		portal: portalState(db, p),
		invitations: listOpenInvitations(db, actor, { patientId: p.id }, now),
		/** the number in international format; staff pages only */
		phone: p.phone ? formatPhone(p.phone) : null,
		contacts: patientContacts(db, actor, p.id)
	};
}

/**
 * Saves the patient's details. A changed email address on file is audited on its own (old and
 * new address) and ends any open portal invitation, which was meant for the old address.
 */
export function updatePatient(
	db: Db,
	actor: StaffActor,
	p: Patient,
	input: PatientInput,
	now = new Date()
) {
	writeTx(db, (tx) => {
		const before = tx
			.select({ email: patient.email })
			.from(patient)
			.where(eq(patient.id, p.id))
			.get();
		tx.update(patient)
			.set(input)
			.where(and(eq(patient.id, p.id), eq(patient.clinicId, actor.clinicId)))
			.run();
		const who = { clinicId: actor.clinicId, actorUserId: actor.user.id, ok: true };
		const target = { targetType: 'patient', targetId: p.id };
		audit(tx, { ...who, ...target, action: 'patient_update' }, now);
		if ((before?.email ?? null) !== input.email) {
			revokePatientInvitations(tx, p, 'address changed', now);
			audit(
				tx,
				{
					...who,
					...target,
					action: 'patient_email_change',
					detail: `${before?.email ?? '(none)'} → ${input.email ?? '(none)'}`
				},
				now
			);
		}
	});
}

/**
 * Archiving hides a patient from lists and schedules; nothing is deleted and it can be undone.
 * It also ends portal access and open invitations at once. Restoring from the archive does not
 * reopen the portal: a clinician or owner does that on purpose.
 */
export function setArchived(
	db: Db,
	actor: StaffActor,
	p: Patient,
	archived: boolean,
	now = new Date()
) {
	writeTx(db, (tx) => {
		tx.update(patient)
			.set({ archivedAt: archived ? now : null })
			.where(and(eq(patient.id, p.id), eq(patient.clinicId, actor.clinicId)))
			.run();
		const who = { clinicId: actor.clinicId, actorUserId: actor.user.id, ok: true };
		audit(
			tx,
			{
				...who,
				action: archived ? 'patient_archive' : 'patient_unarchive',
				targetType: 'patient',
				targetId: p.id
			},
			now
		);
		if (!archived) {
			return;
		}
		revokePatientInvitations(tx, p, 'patient archived', now);
		if (p.userId && portalState(tx, p) === 'active') {
			endPortalAccess(tx, p.userId, now);
			audit(
				tx,
				{
					...who,
					action: 'portal_disable',
					targetType: 'patient',
					targetId: p.id,
					detail: 'archived'
				},
				now
			);
		}
	});
}
