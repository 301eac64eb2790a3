import { and, desc, eq, inArray } from 'drizzle-orm';
import type { Db } from '../db/client';
import { auditEvent, patient, user } from '../db/schema';
import { describeTargets, targetKey } from './audit-targets';
import { can, type StaffActor } from '../auth/guard';
import { groupActivity, type ActivityEvent } from '../../domain/activity';

const ACTIVITY = [
	'patient_create',
	'patient_erase',
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
	const targets = describeTargets(db, actor.clinicId, rows);
	const events: ActivityEvent[] = rows.map((r) => ({
		...r,
		patientId: targets.get(targetKey(r))?.patientId ?? null
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
