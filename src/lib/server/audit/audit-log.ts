import { and, desc, eq, gte, lt, sql } from 'drizzle-orm';
import type { Db } from '../db/client';
import { auditEvent, user } from '../db/schema';
import type { StaffActor } from '../auth/guard';
import { addDays } from '../../domain/schedule';
import { startOfDayIn } from '../../domain/clock';
import { describeTargets, targetKey } from './audit-targets';

export interface AuditFilters {
	action?: string;
	actorId?: string;
	ok?: boolean;
	/** first and last day (YYYY-MM-DD) on the clinic's calendar, both included */
	from?: string;
	to?: string;
	/** paging: events strictly older than this time (ms) */
	before?: number;
}

export const AUDIT_PAGE = 100;

/**
 * The clinic's audit trail, newest first, read-only (there is no write path but append). Days
 * in the filters are the clinic's, in its `timeZone`, as the times shown beside the events are.
 */
export function readAudit(db: Db, actor: StaffActor, f: AuditFilters, timeZone: string) {
	const rows = db
		.select({
			id: auditEvent.id,
			at: auditEvent.at,
			action: auditEvent.action,
			targetType: auditEvent.targetType,
			targetId: auditEvent.targetId,
			ip: auditEvent.ip,
			ok: auditEvent.ok,
			detail: auditEvent.detail,
			actorName: user.name,
			actorEmail: user.email
		})
		.from(auditEvent)
		.leftJoin(user, eq(user.id, auditEvent.actorUserId))
		.where(
			and(
				eq(auditEvent.clinicId, actor.clinicId),
				f.action ? eq(auditEvent.action, f.action) : undefined,
				f.actorId ? eq(auditEvent.actorUserId, f.actorId) : undefined,
				f.ok === undefined ? undefined : eq(auditEvent.ok, f.ok),
				f.from ? gte(auditEvent.at, startOfDayIn(f.from, timeZone)) : undefined,
				f.to ? lt(auditEvent.at, startOfDayIn(addDays(f.to, 1), timeZone)) : undefined,
				f.before ? lt(auditEvent.at, new Date(f.before)) : undefined
			)
		)
		.orderBy(desc(auditEvent.at))
		.limit(AUDIT_PAGE + 1)
		.all();
	const actions = db
		.selectDistinct({ action: auditEvent.action })
		.from(auditEvent)
		.where(eq(auditEvent.clinicId, actor.clinicId))
		.orderBy(auditEvent.action)
		.all()
		.map((r) => r.action);
	const people = db
		.select({ id: user.id, name: user.name })
		.from(user)
		.where(and(eq(user.clinicId, actor.clinicId), sql`${user.role} != 'patient'`))
		.orderBy(user.name)
		.all();
	const events = rows.slice(0, AUDIT_PAGE);
	// the owner reads who and what in words (patient, photo date and view), not raw ids
	const targets = describeTargets(db, actor.clinicId, events);
	return {
		events: events.map((e) => ({ ...e, target: targets.get(targetKey(e)) ?? null })),
		olderThan: rows.length > AUDIT_PAGE ? rows[AUDIT_PAGE - 1].at.getTime() : null,
		actions,
		people
	};
}
