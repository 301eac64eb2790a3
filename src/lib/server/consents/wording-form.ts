import { z } from 'zod';
import { CONSENT_SCOPES } from '../../domain/consent';
import { parseValues, type Parsed } from '../http/validation';
import type { WordingInput } from './wording';

export const WORDING_MAX = 6000;

const schema = z.object({
	scope: z.enum(CONSENT_SCOPES, 'Choose which consent this wording is for.'),
	text: z
		.string()
		.transform((s) => s.replace(/\r\n?/g, '\n').trim())
		.pipe(
			z
				.string()
				.min(40, 'A consent needs its full wording: at least a sentence or two.')
				.max(WORDING_MAX, `Keep the wording under ${WORDING_MAX} characters.`)
		),
	material: z.boolean(),
	note: z.string().trim().max(300, 'Keep the note on what changed under 300 characters.')
});

/** The owner's new wording of one scope, and whether earlier signers should sign again. */
export function parseWordingForm(data: FormData): Parsed<WordingInput> {
	return parseValues(schema, {
		scope: String(data.get('scope') ?? ''),
		text: String(data.get('text') ?? ''),
		material: data.get('material') === 'on',
		note: String(data.get('note') ?? '')
	});
}
