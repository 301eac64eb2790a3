import { z } from 'zod';
import { CONCERNS } from '../../domain/concerns';
import { parsePhone } from '../../domain/phone';
import { emailField, nameField } from '../http/validation';
import type { PatientInput } from './patients';
import type { Parsed } from '../http/validation';

const optionalInt = (min: number, max: number, message: string) =>
	z
		.string()
		.trim()
		.transform((v) => (v === '' ? null : Number(v)))
		.refine((v) => v === null || (Number.isInteger(v) && v >= min && v <= max), message);

/** Empty is no number; anything else must be a real one, kept as E.164 (domain/phone.ts). */
const phoneField = (country: string | null) =>
	z
		.string()
		.trim()
		.transform((typed, ctx) => {
			if (typed === '') {
				return null;
			}
			const phone = parsePhone(typed, country);
			if (!phone.ok) {
				ctx.addIssue({ code: 'custom', message: phone.message });
				return z.NEVER;
			}
			return phone.e164;
		});

const schema = (phoneCountry: string | null) =>
	z.object({
		displayName: nameField("the patient's name"),
		email: z.union([z.literal('').transform(() => null), emailField]),
		phone: phoneField(phoneCountry),
		birthYear: optionalInt(1900, new Date().getUTCFullYear(), 'Enter a birth year like 1986.'),
		fitzpatrick: optionalInt(1, 6, 'Choose a Fitzpatrick type from I to VI.'),
		concerns: z.array(z.enum(CONCERNS, 'Choose concerns from the list.')).max(CONCERNS.length)
	});

/**
 * Parses the patient form (text fields plus the repeated `concerns` checkboxes). A phone number
 * typed without "+" is read in `phoneCountry`, the clinic's (patients/phone-country.ts).
 */
export function parsePatientForm(
	data: FormData,
	phoneCountry: string | null
): Parsed<PatientInput> {
	const result = schema(phoneCountry).safeParse({
		displayName: String(data.get('displayName') ?? ''),
		email: String(data.get('email') ?? '').trim(),
		phone: String(data.get('phone') ?? ''),
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
