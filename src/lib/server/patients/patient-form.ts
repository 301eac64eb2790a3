import { z } from 'zod';
import { CONCERNS } from '../../domain/concerns';
import { emailField, nameField } from '../http/validation';
import type { PatientInput } from './patients';
import type { Parsed } from '../http/validation';

const optionalInt = (min: number, max: number, message: string) =>
	z
		.string()
		.trim()
		.transform((v) => (v === '' ? null : Number(v)))
		.refine((v) => v === null || (Number.isInteger(v) && v >= min && v <= max), message);

const schema = z.object({
	displayName: nameField("the patient's name"),
	email: z.union([z.literal('').transform(() => null), emailField]),
	birthYear: optionalInt(1900, new Date().getUTCFullYear(), 'Enter a birth year like 1986.'),
	fitzpatrick: optionalInt(1, 6, 'Choose a Fitzpatrick type from I to VI.'),
	concerns: z.array(z.enum(CONCERNS, 'Choose concerns from the list.')).max(CONCERNS.length)
});

/** Parses the patient form (text fields plus the repeated `concerns` checkboxes). */
export function parsePatientForm(data: FormData): Parsed<PatientInput> {
	const result = schema.safeParse({
		displayName: String(data.get('displayName') ?? ''),
		email: String(data.get('email') ?? '').trim(),
		birthYear: String(data.get('birthYear') ?? ''),
		fitzpatrick: String(data.get('fitzpatrick') ?? ''),
		concerns: data.getAll('concerns').map(String)
	});
	if (result.success) {
		return { ok: true, data: result.data };
	}
	const issue = result.error.issues[0];
	return { ok: false, message: issue.message, field: String(issue.path[0] ?? '') };
}
