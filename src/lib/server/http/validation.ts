import { z } from 'zod';

/** Reads a submitted form into a plain object of strings (files and repeats are ignored). */
export function formObject(data: FormData): Record<string, string> {
	const out: Record<string, string> = {};
	for (const [key, value] of data) {
		if (typeof value === 'string' && !(key in out)) {
			out[key] = value;
		}
	}
	return out;
}

export type Parsed<T> = { ok: true; data: T } | { ok: false; message: string; field?: string };

/** Validates with a zod schema and turns the first problem into one sentence for the form. */
export function parseForm<T>(schema: z.ZodType<T>, data: FormData): Parsed<T> {
	return parseValues(schema, formObject(data));
}

/** Like parseForm, for forms whose values are gathered by hand (repeats, checkboxes, defaults). */
export function parseValues<T>(schema: z.ZodType<T>, values: unknown): Parsed<T> {
	const result = schema.safeParse(values);
	if (result.success) {
		return { ok: true, data: result.data };
	}
	const issue = result.error.issues[0];
	return { ok: false, message: issue.message, field: issue.path.join('.') || undefined };
}

export const emailField = z
	.string()
	.trim()
	.toLowerCase()
	.max(254, 'That email is too long.')
	.pipe(z.email('Enter a valid email address.'));

export const nameField = (what: string) =>
	z.string().trim().min(1, `Enter ${what}.`).max(120, `Keep ${what} under 120 characters.`);
