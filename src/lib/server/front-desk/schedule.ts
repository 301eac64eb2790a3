import { and, eq, inArray } from 'drizzle-orm';
import type { Db } from '../db/client';
import { patient } from '../db/schema';
import type { StaffActor } from '../auth/guard';
import { clinicOpenCourses, type DueCourse } from '../courses/schedule';
import { formatPhone } from '../../domain/phone';
import {
	filterSchedule,
	groupByWeek,
	type ScheduleQuery,
	type WeekGroup
} from '../../domain/schedule-weeks';
import { courseContacts, type ContactSummary } from './contacts';

export interface ScheduleRow extends DueCourse {
	nextDueOn: string;
	/** in international format, and the E.164 form for the tel: link */
	phone: string | null;
	phoneE164: string | null;
	email: string | null;
	/** the latest contact about this course's current due date; null: not yet contacted */
	lastContact: ContactSummary | null;
	contacted: boolean;
}

export interface Schedule {
	groups: WeekGroup<ScheduleRow>[];
	shown: number;
	/** sessions due in the range before the concern, contact and name filters */
	inRange: number;
}

/**
 * The front desk's schedule: every open course's next session (the one rule in
 * courses/schedule.ts), with the patient's phone and email and the last contact about that
 * due date, filtered and grouped by week (domain/schedule-weeks.ts). Staff only.
 */
export function frontDeskSchedule(
	db: Db,
	actor: StaffActor,
	todayIso: string,
	query: ScheduleQuery
): Schedule {
	const due = clinicOpenCourses(db, actor.clinicId, todayIso) as (DueCourse & {
		nextDueOn: string;
	})[];
	const inRange = filterSchedule(
		due.map((c) => ({ ...c, contacted: false })),
		{ ...query, concern: null, uncontacted: false, q: '' },
		todayIso
	);
	const ids = [...new Set(inRange.map((c) => c.patientId))];
	const reach = new Map(
		(ids.length
			? db
					.select({ id: patient.id, phone: patient.phone, email: patient.email })
					.from(patient)
					.where(and(eq(patient.clinicId, actor.clinicId), inArray(patient.id, ids)))
					.all()
			: []
		).map((p) => [p.id, p])
	);
	// newest first: the first one seen for a course and due date is its latest
	const latest = new Map<string, ContactSummary>();
	for (const c of courseContacts(
		db,
		actor,
		inRange.map((r) => r.courseId)
	)) {
		const key = `${c.courseId}|${c.dueOn}`;
		if (!latest.has(key)) {
			latest.set(key, c);
		}
	}
	const rows: ScheduleRow[] = inRange.map((c) => {
		const p = reach.get(c.patientId);
		const lastContact = latest.get(`${c.courseId}|${c.nextDueOn}`) ?? null;
		return {
			...c,
			phone: p?.phone ? formatPhone(p.phone) : null,
			phoneE164: p?.phone ?? null,
			email: p?.email ?? null,
			lastContact,
			contacted: lastContact !== null
		};
	});
	const shown = filterSchedule(rows, query, todayIso);
	return { groups: groupByWeek(shown, todayIso), shown: shown.length, inRange: inRange.length };
}
