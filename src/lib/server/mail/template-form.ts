import { z } from 'zod';
import { MAIL_KINDS } from '../../domain/mail-kinds';
import { parseForm, type Parsed } from '../http/validation';

export const SUBJECT_MAX = 200;
export const BODY_MAX = 4000;

const kind = z.enum(MAIL_KINDS, 'Choose one of the clinic’s messages.');

const templateSchema = z.object({
	kind,
	subject: z
		.string()
		// a subject is one line: a line break would start a header of its own
		.transform((s) => s.replace(/[\r\n]+/g, ' ').trim())
		.pipe(
			z
				.string()
				.min(1, 'A message needs a subject.')
				.max(SUBJECT_MAX, `Keep the subject under ${SUBJECT_MAX} characters.`)
		),
	body: z
		.string()
		.transform((s) => s.replace(/\r\n?/g, '\n').trim())
		.pipe(
			z
				.string()
				.min(1, 'A message needs a text.')
				.max(BODY_MAX, `Keep the text under ${BODY_MAX} characters.`)
		)
});

/** The owner's rewording of one message (whether its placeholders fit is templateProblem's). */
export function parseTemplateForm(data: FormData): Parsed<z.infer<typeof templateSchema>> {
	return parseForm(templateSchema, data);
}

/** Which message "Restore the default wording" is for. */
export function parseKindForm(data: FormData): Parsed<{ kind: z.infer<typeof kind> }> {
	return parseForm(z.object({ kind }), data);
}
