// The front desk's record of reaching patients about sessions that are due.
import { sql } from 'drizzle-orm';
import { check, index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { id } from './columns';
import { clinicRef, patient, user } from './people';
import { course } from './clinical';

export const CONTACT_CHANNELS = ['phone', 'email', 'text', 'in_person'] as const;
export const CONTACT_OUTCOMES = [
	'booked',
	'will_call_back',
	'left_message',
	'no_answer',
	'declined',
	'wrong_number'
] as const;

export const patientContact = sqliteTable(
	'patient_contact',
	{
		id: id(),
		clinicId: clinicRef(),
		patientId: text('patient_id')
			.notNull()
			.references(() => patient.id),
		/** the course whose next session the call was about, when it was about one */
		courseId: text('course_id').references(() => course.id),
		/** the due date the contact was about (ISO day), so a later due date starts afresh */
		dueOn: text('due_on'),
		channel: text('channel', { enum: CONTACT_CHANNELS }).notNull(),
		outcome: text('outcome', { enum: CONTACT_OUTCOMES }).notNull(),
		note: text('note'),
		contactedBy: text('contacted_by')
			.notNull()
			.references(() => user.id),
		contactedAt: integer('contacted_at', { mode: 'timestamp_ms' }).notNull()
	},
	(t) => [
		index('patient_contact_patient_idx').on(t.patientId, t.contactedAt),
		check('patient_contact_channel_chk', sql`${t.channel} in ('phone','email','text','in_person')`),
		check(
			'patient_contact_outcome_chk',
			sql`${t.outcome} in ('booked','will_call_back','left_message','no_answer','declined','wrong_number')`
		),
		check('patient_contact_note_chk', sql`length(${t.note}) <= 500`)
	]
);
