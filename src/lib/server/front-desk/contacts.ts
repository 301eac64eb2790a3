import { and, desc, eq, inArray } from 'drizzle-orm';
import { writeTx, type Db } from '../db/client';
import { course, patientContact, user } from '../db/schema';
import { notFound, requirePatientAccess, type StaffActor } from '../auth/guard';
import { audit } from '../audit/audit';
import { formatDate } from '../../format';
import {
	CONTACT_CHANNEL_LABELS,
	CONTACT_OUTCOME_LABELS,
	type ContactChannel,
	type ContactOutcome
} from '../../domain/contacts';

export interface ContactInput {
	patientId: string;
	/** the course whose next session it was about, with that session's due date */
	courseId: string | null;
	dueOn: string | null;
	channel: ContactChannel;
	outcome: ContactOutcome;
	note: string | null;
}

/**
 * Records that someone at the desk reached (or tried to reach) a patient, and audits it in the
 * same transaction. The patient must be the actor's clinic's, and a course, if named, theirs.
 */
export function recordContact(db: Db, actor: StaffActor, input: ContactInput, now = new Date()) {
	const p = requirePatientAccess(db, actor, input.patientId, 'patient.write');
	if (input.courseId) {
		const own = db
			.select({ id: course.id })
			.from(course)
			.where(
				and(
					eq(course.id, input.courseId),
					eq(course.patientId, p.id),
					eq(course.clinicId, actor.clinicId)
				)
			)
			.get();
		if (!own) {
			notFound();
		}
	}
	return writeTx(db, (tx) => {
		const row = tx
			.insert(patientContact)
			.values({
				clinicId: actor.clinicId,
				patientId: p.id,
				courseId: input.courseId,
				dueOn: input.courseId ? input.dueOn : null,
				channel: input.channel,
				outcome: input.outcome,
				note: input.note,
				contactedBy: actor.user.id,
				contactedAt: now
			})
			.returning()
			.get();
		// the note stays out of the log: it may hold anything the patient said
		const about = row.dueOn ? ` about the session due ${formatDate(row.dueOn)}` : '';
		audit(
			tx,
			{
				clinicId: actor.clinicId,
				actorUserId: actor.user.id,
				action: 'patient_contact',
				targetType: 'patient',
				targetId: p.id,
				ok: true,
				detail: `${CONTACT_CHANNEL_LABELS[input.channel]}: ${CONTACT_OUTCOME_LABELS[input.outcome].toLowerCase()}${about}`
			},
			now
		);
		return row;
	});
}

export interface ContactSummary {
	id: string;
	courseId: string | null;
	dueOn: string | null;
	channel: ContactChannel;
	outcome: ContactOutcome;
	note: string | null;
	contactedAt: Date;
	by: string;
}

const summary = {
	id: patientContact.id,
	courseId: patientContact.courseId,
	dueOn: patientContact.dueOn,
	channel: patientContact.channel,
	outcome: patientContact.outcome,
	note: patientContact.note,
	contactedAt: patientContact.contactedAt,
	by: user.name
};

/** The patient's latest contacts, newest first, for the staff patient page. */
export function patientContacts(
	db: Db,
	actor: StaffActor,
	patientId: string,
	limit = 5
): ContactSummary[] {
	return db
		.select(summary)
		.from(patientContact)
		.innerJoin(user, eq(user.id, patientContact.contactedBy))
		.where(
			and(eq(patientContact.patientId, patientId), eq(patientContact.clinicId, actor.clinicId))
		)
		.orderBy(desc(patientContact.contactedAt))
		.limit(limit)
		.all();
}

/** Every contact of the clinic about the given courses, newest first (for the schedule). */
export function courseContacts(db: Db, actor: StaffActor, courseIds: string[]): ContactSummary[] {
	if (courseIds.length === 0) {
		return [];
	}
	return db
		.select(summary)
		.from(patientContact)
		.innerJoin(user, eq(user.id, patientContact.contactedBy))
		.where(
			and(eq(patientContact.clinicId, actor.clinicId), inArray(patientContact.courseId, courseIds))
		)
		.orderBy(desc(patientContact.contactedAt))
		.all();
}
