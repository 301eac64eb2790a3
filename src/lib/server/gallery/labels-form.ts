import { z } from 'zod';
import { parseForm, type Parsed } from '../http/validation';
import { AREAS, CONCERNS } from '../../domain/concerns';
import { parseRedactions, type CaseRedactions } from '../../domain/redaction';
import type { CaseLabels } from './drafts';

const wholeNumber = (what: string, min: number, max: number) =>
	z
		.string()
		.trim()
		.regex(/^\d+$/, `${what} must be a whole number.`)
		.transform(Number)
		.pipe(
			z
				.number()
				.min(min, `${what} must be between ${min} and ${max}.`)
				.max(max, `${what} must be between ${min} and ${max}.`)
		);

const labelsSchema = z.object({
	title: z
		.string()
		.trim()
		.min(1, 'Give the case a title.')
		.max(120, 'Keep the title under 120 characters.'),
	description: z
		.string()
		.trim()
		.max(1000, 'Keep the description under 1000 characters.')
		.optional()
		.transform((v) => v || null),
	concern: z.enum(CONCERNS, 'Choose a concern from the list.'),
	area: z.enum(AREAS as [string, ...string[]], 'Choose an area from the list.'),
	fitzpatrick: z
		.enum(['', '1', '2', '3', '4', '5', '6'], 'Choose a skin type from the list.')
		.optional()
		.transform((v) => (v ? Number(v) : null)),
	sessionsCount: wholeNumber('Sessions', 0, 12),
	weeksElapsed: wholeNumber('Weeks between the photos', 0, 520)
});

/** The labels a prospect reads, checked; each message names the field that is wrong. */
export function parseCaseLabels(data: FormData): Parsed<CaseLabels> {
	return parseForm(labelsSchema, data);
}

/** The editor's hidden JSON field, checked by the same rules the renderer relies on. */
export function parseRedactionsField(data: FormData): Parsed<CaseRedactions> {
	const raw = data.get('redactions');
	let json: unknown;
	try {
		json = typeof raw === 'string' ? JSON.parse(raw) : null;
	} catch {
		return { ok: false, message: 'The redaction could not be read; reload the page and retry.' };
	}
	const r = parseRedactions(json);
	return r.ok ? { ok: true, data: r.value } : { ok: false, message: r.message };
}
