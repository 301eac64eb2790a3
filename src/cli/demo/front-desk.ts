import { eq } from 'drizzle-orm';
import { writeTx, type Db } from '../../lib/server/db/client';
import { clinic, patient, patientContact, user } from '../../lib/server/db/schema';
import { clinicOpenCourses } from '../../lib/server/courses/schedule';
import type { ClinicSettings } from '../../lib/domain/clinic-settings';
import { addDays } from '../../lib/domain/schedule';

/**
 * The front desk's part of the demo: phone numbers from Ofcom's drama range (020 7946 0000–
 * 0999, never a real line), the clinic's country for numbers typed without +, and a couple of
 * calls already logged about sessions that are due. One patient has no number, as in life.
 */
export function seedFrontDesk(db: Db, clinicId: string, today: string): void {
	const due = clinicOpenCourses(db, clinicId, today);
	writeTx(db, (tx) => {
		const c = tx.select().from(clinic).where(eq(clinic.id, clinicId)).get()!;
		tx.update(clinic)
			// only the country: the rest stays as stored (no zone written where none was chosen)
			.set({ settings: { ...(c.settings as Partial<ClinicSettings>), phoneCountry: 'GB' } })
			.where(eq(clinic.id, clinicId))
			.run();
		const patients = tx
			.select({ id: patient.id })
			.from(patient)
			.where(eq(patient.clinicId, clinicId))
			.orderBy(patient.displayName)
			.all();
		patients.forEach((p, i) => {
			const phone =
				i === patients.length - 1 ? null : `+44207946${String(100 + i * 37).padStart(4, '0')}`;
			tx.update(patient).set({ phone }).where(eq(patient.id, p.id)).run();
		});
		const desk = tx
			.select({ id: user.id })
			.from(user)
			.where(eq(user.email, 'frontdesk@demo.test'))
			.get();
		if (!desk) {
			return;
		}
		const calls = [
			{ outcome: 'booked', note: 'Booked for the morning of the due date.', daysAgo: 2 },
			{ outcome: 'no_answer', note: null, daysAgo: 1 }
		] as const;
		calls.forEach((call, i) => {
			const c = due[i];
			if (!c) {
				return;
			}
			tx.insert(patientContact)
				.values({
					clinicId,
					patientId: c.patientId,
					courseId: c.courseId,
					dueOn: c.nextDueOn,
					channel: 'phone',
					outcome: call.outcome,
					note: call.note,
					contactedBy: desk.id,
					contactedAt: new Date(`${addDays(today, -call.daysAgo)}T10:00:00Z`)
				})
				.run();
		});
	});
}
