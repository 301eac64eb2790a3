import { and, desc, eq, inArray } from 'drizzle-orm';
import type { Db } from '../db/client';
import {
	auditEvent,
	consent,
	course,
	galleryCase,
	patient,
	photo,
	treatmentSession,
	user
} from '../db/schema';
import { can, type StaffActor } from '../auth/guard';
import { groupActivity, type ActivityEvent } from '../../domain/activity';

const ACTIVITY = [
	'patient_create',
	'consent_grant',
	'consent_revoke',
	'session_log',
	'course_create'
];
/** Photos, ratings of results and the public gallery are clinical: not for the front desk. */
const CLINICAL_ACTIVITY = [
	'photo_upload',
	'photo_delete',
	'self_rating',
	'gallery_publish',
	'gallery_withdraw'
];
/** Enough raw events that ten lines remain after grouping a busy afternoon. */
const RAW_LIMIT = 200;

/** What happened lately in the clinic, grouped, each line with the patient it concerned. */
export function recentActivity(db: Db, actor: StaffActor, limit = 10) {
	const clinical = can(actor.user.role, 'photo.read');
	const rows = db
		.select({
			id: auditEvent.id,
			at: auditEvent.at,
			actorId: auditEvent.actorUserId,
			who: user.name,
			action: auditEvent.action,
			detail: auditEvent.detail,
			targetType: auditEvent.targetType,
			targetId: auditEvent.targetId
		})
		.from(auditEvent)
		.leftJoin(user, eq(user.id, auditEvent.actorUserId))
		.where(
			and(
				eq(auditEvent.clinicId, actor.clinicId),
				eq(auditEvent.ok, true),
				inArray(auditEvent.action, clinical ? [...ACTIVITY, ...CLINICAL_ACTIVITY] : ACTIVITY)
			)
		)
		.orderBy(desc(auditEvent.at))
		.limit(RAW_LIMIT)
		.all();
	const patientOf = patientsOfTargets(db, actor.clinicId, rows);
	const events: ActivityEvent[] = rows.map((r) => ({
		...r,
		patientId: r.targetId ? (patientOf.get(`${r.targetType}:${r.targetId}`) ?? null) : null
	}));
	const items = groupActivity(events, limit);
	const names = patientNames(
		db,
		actor.clinicId,
		items.map((i) => i.patientId)
	);
	return items.map((i) => ({
		...i,
		patient: i.patientId ? (names.get(i.patientId) ?? null) : null
	}));
}

type Target = { targetType: string | null; targetId: string | null };

/** The patient behind each audited target, one query per kind of target. */
function patientsOfTargets(db: Db, clinicId: string, rows: Target[]): Map<string, string> {
	const ids = (type: string) => [
		...new Set(rows.filter((r) => r.targetType === type && r.targetId).map((r) => r.targetId!))
	];
	const out = new Map<string, string>();
	const add = (type: string, pairs: { id: string; patientId: string }[]) => {
		for (const p of pairs) {
			out.set(`${type}:${p.id}`, p.patientId);
		}
	};
	for (const id of ids('patient')) {
		out.set(`patient:${id}`, id);
	}
	type Pair = { id: string; patientId: string };
	const lookups: Record<string, (wanted: string[]) => Pair[]> = {
		photo: (wanted) =>
			db
				.select({ id: photo.id, patientId: photo.patientId })
				.from(photo)
				.where(and(eq(photo.clinicId, clinicId), inArray(photo.id, wanted)))
				.all(),
		consent: (wanted) =>
			db
				.select({ id: consent.id, patientId: consent.patientId })
				.from(consent)
				.where(and(eq(consent.clinicId, clinicId), inArray(consent.id, wanted)))
				.all(),
		course: (wanted) =>
			db
				.select({ id: course.id, patientId: course.patientId })
				.from(course)
				.where(and(eq(course.clinicId, clinicId), inArray(course.id, wanted)))
				.all(),
		treatment_session: (wanted) =>
			db
				.select({ id: treatmentSession.id, patientId: course.patientId })
				.from(treatmentSession)
				.innerJoin(course, eq(course.id, treatmentSession.courseId))
				.where(and(eq(course.clinicId, clinicId), inArray(treatmentSession.id, wanted)))
				.all(),
		gallery_case: (wanted) =>
			db
				.select({ id: galleryCase.id, patientId: galleryCase.patientId })
				.from(galleryCase)
				.where(and(eq(galleryCase.clinicId, clinicId), inArray(galleryCase.id, wanted)))
				.all()
	};
	for (const [type, lookup] of Object.entries(lookups)) {
		const wanted = ids(type);
		if (wanted.length > 0) {
			add(type, lookup(wanted));
		}
	}
	return out;
}

function patientNames(db: Db, clinicId: string, ids: (string | null)[]) {
	const wanted = [...new Set(ids.filter((id): id is string => id !== null))];
	if (wanted.length === 0) {
		return new Map<string, { id: string; name: string }>();
	}
	const rows = db
		.select({ id: patient.id, name: patient.displayName })
		.from(patient)
		.where(and(eq(patient.clinicId, clinicId), inArray(patient.id, wanted)))
		.all();
	return new Map(rows.map((r) => [r.id, r]));
}
