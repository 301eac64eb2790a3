import { and, eq, isNull } from 'drizzle-orm';
import type { Db } from '../db/client';
import { course, patient, treatmentSession } from '../db/schema';
import type { StaffActor } from '../auth/guard';
import { addDays, courseProgress, type CourseProgress } from '../../domain/schedule';

export interface DueCourse extends CourseProgress {
	courseId: string;
	patientId: string;
	patientName: string;
	concern: string;
}

/** Open courses of the clinic with their next due date, soonest first. */
export function openCourses(db: Db, actor: StaffActor, todayIso: string): DueCourse[] {
	return clinicOpenCourses(db, actor.clinicId, todayIso);
}

/**
 * The same for work no one is signed in to (the reminder scan): one rule for "next session
 * due", whoever asks.
 */
export function clinicOpenCourses(db: Db, clinicId: string, todayIso: string): DueCourse[] {
	const rows = db
		.select({
			courseId: course.id,
			patientId: patient.id,
			patientName: patient.displayName,
			concern: course.concern,
			plannedSessions: course.plannedSessions,
			intervalWeeks: course.intervalWeeks,
			startedOn: course.startedOn,
			performedOn: treatmentSession.performedOn
		})
		.from(course)
		.innerJoin(patient, eq(patient.id, course.patientId))
		.leftJoin(treatmentSession, eq(treatmentSession.courseId, course.id))
		.where(and(eq(course.clinicId, clinicId), isNull(patient.archivedAt)))
		.all();
	const byCourse = new Map<string, { row: (typeof rows)[number]; dates: string[] }>();
	for (const row of rows) {
		const entry = byCourse.get(row.courseId) ?? { row, dates: [] };
		if (row.performedOn) {
			entry.dates.push(row.performedOn);
		}
		byCourse.set(row.courseId, entry);
	}
	return [...byCourse.values()]
		.map(({ row, dates }) => ({
			courseId: row.courseId,
			patientId: row.patientId,
			patientName: row.patientName,
			concern: row.concern,
			...courseProgress(row, dates, todayIso)
		}))
		.filter((c) => c.nextDueOn !== null)
		.sort((a, b) => a.nextDueOn!.localeCompare(b.nextDueOn!));
}

export function dueWithin(courses: DueCourse[], todayIso: string, days: number): DueCourse[] {
	const end = addDays(todayIso, days);
	return courses.filter((c) => !c.overdue && c.nextDueOn! <= end);
}
