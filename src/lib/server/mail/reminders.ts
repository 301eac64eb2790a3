import { and, eq, inArray, isNotNull, isNull } from 'drizzle-orm';
import { writeTx, type Db } from '../db/client';
import { clinic, mailMessage, patient } from '../db/schema';
import { clinicSettings } from '../clinic/clinic';
import { clinicOpenCourses } from '../courses/schedule';
import { portalState } from '../patients/portal-access';
import { config } from '../platform/config';
import { todayIn } from '../../domain/clock';
import { daysBetween } from '../../domain/schedule';
import { queueMail } from './outbox';
import { dateInWords, firstNameOf } from './notice-vars';

/** How often a running server looks for reminders to queue (and once at start). */
export const REMINDER_SCAN_MS = 15 * 60 * 1000;

export const reminderKey = (patientId: string, courseId: string, dueOn: string) =>
	`reminder:${patientId}:${courseId}:${dueOn}`;

/**
 * Queues "your next session is due on …" for every patient whose next session (the schedule's
 * own rule, courses/schedule.ts) falls within the clinic's `reminderDaysBefore` days, on the
 * clinic's calendar: from that many days before the due date up to the day itself. A due date
 * already past gets nothing: the message would tell the patient about a day gone by, and a
 * late course is the front desk's to chase (the dashboard lists it). A server that was down
 * for the whole window therefore sends none for that date; one that comes back within it, or
 * on the day, still does.
 *
 * Each (patient, course, due date) is queued once, by its dedupe key: rerunning the scan,
 * restarting, or a second server on the same database queues nothing new. Unsubscribed
 * patients are left out by queueMail. Returns the ids queued.
 */
export function queueDueReminders(db: Db, now = new Date()): string[] {
	const queued: string[] = [];
	for (const c of db.select().from(clinic).all()) {
		const settings = clinicSettings(c);
		const window = settings.reminderDaysBefore;
		if (!(window > 0)) {
			continue;
		}
		const today = todayIn(settings.timeZone, now);
		const due = clinicOpenCourses(db, c.id, today).filter((d) => {
			const days = daysBetween(today, d.nextDueOn!);
			return days >= 0 && days <= window;
		});
		if (!due.length) {
			continue;
		}
		writeTx(db, (tx) => {
			const people = new Map(
				tx
					.select()
					.from(patient)
					.where(
						and(
							eq(patient.clinicId, c.id),
							inArray(
								patient.id,
								due.map((d) => d.patientId)
							),
							isNull(patient.archivedAt),
							isNotNull(patient.email)
						)
					)
					.all()
					.map((p) => [p.id, p])
			);
			const keys = due.map((d) => reminderKey(d.patientId, d.courseId, d.nextDueOn!));
			// composing a message only to have its key refused would be work for nothing
			const done = new Set(
				tx
					.select({ key: mailMessage.dedupeKey })
					.from(mailMessage)
					.where(inArray(mailMessage.dedupeKey, keys))
					.all()
					.map((m) => m.key)
			);
			for (const d of due) {
				const p = people.get(d.patientId);
				const key = reminderKey(d.patientId, d.courseId, d.nextDueOn!);
				if (!p?.email || done.has(key)) {
					continue;
				}
				const link =
					settings.bookingUrl ??
					(portalState(tx, p) === 'active'
						? `${config.origin()}/me`
						: `${config.origin()}/c/${c.slug}`);
				const id = queueMail(
					tx,
					{
						clinicId: c.id,
						kind: 'session_reminder',
						to: p.email,
						patientId: p.id,
						dedupeKey: key,
						vars: {
							firstName: firstNameOf(p.displayName),
							date: dateInWords(d.nextDueOn!, today),
							link
						}
					},
					now
				);
				if (id) {
					queued.push(id);
				}
			}
		});
	}
	return queued;
}
