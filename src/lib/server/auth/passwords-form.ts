import { z } from 'zod';
import { passwordProblem } from '../../domain/password-rule';

/** A new password typed twice, held to the rule the form fields show. */
export const newPasswordFields = {
	password: z.string().superRefine((password, ctx) => {
		const problem = passwordProblem(password);
		if (problem) {
			ctx.addIssue({ code: 'custom', message: problem });
		}
	}),
	confirm: z.string()
};

export const matchingPasswords = (v: { password: string; confirm: string }) =>
	v.password === v.confirm;
export const mismatch = { message: 'The two passwords do not match.', path: ['confirm'] };
