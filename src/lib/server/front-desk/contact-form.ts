import { z } from 'zod';
import {
	CONTACT_CHANNEL_LABELS,
	CONTACT_NOTE_MAX,
	CONTACT_OUTCOME_LABELS
} from '../../domain/contacts';
import { parseForm, type Parsed } from '../http/validation';
import type { ContactInput } from './contacts';

const channels = Object.keys(CONTACT_CHANNEL_LABELS) as [keyof typeof CONTACT_CHANNEL_LABELS];
const outcomes = Object.keys(CONTACT_OUTCOME_LABELS) as [keyof typeof CONTACT_OUTCOME_LABELS];
const optional = (s: z.ZodType<string, string>) =>
	z
		.union([z.literal('').transform(() => null), s])
		.optional()
		.transform((v) => v ?? null);

const schema = z.object({
	patientId: z.string('Choose a patient.').min(1, 'Choose a patient.').max(64),
	courseId: optional(z.string().max(64)),
	dueOn: optional(z.iso.date('The due date is not a date.')),
	channel: z.enum(channels, 'Choose how you reached the patient.'),
	outcome: z.enum(outcomes, 'Choose what came of it.'),
	note: z
		.string()
		.trim()
		.max(CONTACT_NOTE_MAX, `Keep the note under ${CONTACT_NOTE_MAX} characters.`)
		.optional()
		.transform((v) => v || null)
});

/** The schedule's "Log contact" form. */
export function parseContactForm(data: FormData): Parsed<ContactInput> {
	return parseForm(schema, data);
}
