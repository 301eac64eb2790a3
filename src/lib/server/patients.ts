import { and, asc, desc, eq, inArray, isNull, like, sql } from 'drizzle-orm';
import { writeTx, type Db } from './db/client';
import { consent, course, invitation, patient, photo, treatmentSession } from './db/schema';
import type { StaffActor, Actor } from './auth/guard';
import { can, requirePatientAccess } from './auth/guard';
import { audit } from './audit';

export interface PatientInput {
	displayName: string;
	email: string | null;
	birthYear: number | null;
	fitzpatrick: number | null;
	concerns: string[];
}

export function listPatients(db: Db, actor: StaffActor, query: { q?: string } = {}) {
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
				isNull(patient.archivedAt),
				q ? like(patient.displayName, `%${q.replace(/[%_\\]/g, '\\$&')}%`) : undefined
			)
		)
		.orderBy(asc(patient.displayName))
		.limit(500)
		.all();
}

export function createPatient(db: Db, actor: StaffActor, input: PatientInput, ip: string | null) {
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
			ip,
			ok: true
		});
		return row;
	});
}

/** Everything the patient page shows, trimmed to what the actor's role may see. */
export function patientOverview(db: Db, actor: Actor, patientId: string, now = new Date()) {
	const p = requirePatientAccess(actor, patientId);
	const clinical = 'patient' in actor || can(actor.user.role, 'clinical.read');
	const consents = db
		.select()
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
	const photoCount =
		'patient' in actor || can(actor.user.role, 'photo.read')
			? (db
					.select({ n: sql<number>`count(*)` })
					.from(photo)
					.where(and(eq(photo.patientId, p.id), isNull(photo.deletedAt)))
					.get()?.n ?? 0)
			: null;
	const pendingInvite = db
		.select({ expiresAt: invitation.expiresAt })
		.from(invitation)
		.where(
			and(eq(invitation.patientId, p.id), isNull(invitation.usedAt), isNull(invitation.revokedAt))
		)
		.orderBy(desc(invitation.createdAt))
		.get();
	return {
		patient: p,
		consents,
		courses: courses.map((c) => ({
			...c,
			sessions: sessions.filter((s) => s.courseId === c.id)
		})),
		photoCount,
		pendingInviteExpiresAt:
			pendingInvite && pendingInvite.expiresAt > now ? pendingInvite.expiresAt : null
	};
}
