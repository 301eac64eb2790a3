import { and, eq } from 'drizzle-orm';
import { z } from 'zod';
import { writeTx, type Db } from '../db/client';
import { course, treatmentSession } from '../db/schema';
import { notFound, type PatientActor } from '../auth/guard';
import { audit } from '../audit/audit';
import { clinicToday } from '../clinic/clinic';
import { RATING_MAX, RATING_MIN } from '../../domain/progress';

export const NOTE_MAX = 1000;
const RATING_MESSAGE = `Choose a rating from ${RATING_MIN} to ${RATING_MAX}.`;

/** The patient's rating form. Strict digits: coercion would read an empty field as 0. */
export const selfRatingSchema = z.object({
	sessionId: z.string('That session was not found.').min(1, 'That session was not found.'),
	rating: z
		.string(RATING_MESSAGE)
		.regex(/^\d{1,2}$/, RATING_MESSAGE)
		.transform(Number)
		.pipe(z.number().min(RATING_MIN, RATING_MESSAGE).max(RATING_MAX, RATING_MESSAGE)),
	note: z
		.string()
		.trim()
		.max(NOTE_MAX, `Keep your note under ${NOTE_MAX} characters.`)
		.optional()
		.transform((v) => v || null)
});

export interface SelfRating {
	rating: number;
	note: string | null;
}

/** A rating the server refuses for a reason the patient can act on (answered with 400). */
export class SelfRatingError extends Error {}

/**
 * Records the patient's own opinion of a session, replacing any earlier one: it is their view,
 * not a consent, so there is nothing to keep. Only a session of one of the actor's own courses
 * in their own clinic can be rated; anything else is "not found".
 */
export function rateSession(
	db: Db,
	actor: PatientActor,
	sessionId: string,
	input: SelfRating,
	now = new Date()
) {
	// Checked here too, not only in the route: the column's CHECK would catch the range but
	// not a fraction, and a note of any length would be stored.
	if (!Number.isInteger(input.rating) || input.rating < RATING_MIN || input.rating > RATING_MAX) {
		throw new SelfRatingError(RATING_MESSAGE);
	}
	const note = input.note?.trim() || null;
	if (note && note.length > NOTE_MAX) {
		throw new SelfRatingError(`Keep your note under ${NOTE_MAX} characters.`);
	}
	// "Not happened yet" by the clinic's calendar: a session logged this morning in Sydney is
	// rateable now, though UTC is still on yesterday.
	const today = clinicToday(db, actor.clinicId, now);
	return writeTx(db, (tx) => {
		const own = tx
			.select({ id: treatmentSession.id, performedOn: treatmentSession.performedOn })
			.from(treatmentSession)
			.innerJoin(course, eq(course.id, treatmentSession.courseId))
			.where(
				and(
					eq(treatmentSession.id, sessionId),
					eq(treatmentSession.clinicId, actor.clinicId),
					eq(course.clinicId, actor.clinicId),
					eq(course.patientId, actor.patient.id)
				)
			)
			.get();
		if (!own) {
			notFound();
		}
		if (own.performedOn > today) {
			throw new SelfRatingError('This session has not happened yet; rate it afterwards.');
		}
		tx.update(treatmentSession)
			.set({ patientSelfRating: input.rating, patientNote: note })
			.where(eq(treatmentSession.id, own.id))
			.run();
		audit(
			tx,
			{
				clinicId: actor.clinicId,
				actorUserId: actor.user.id,
				action: 'self_rating',
				targetType: 'treatment_session',
				targetId: own.id,
				ok: true
			},
			now
		);
		return { id: own.id, rating: input.rating, note };
	});
}
