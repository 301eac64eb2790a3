import { z } from 'zod';
import { PASSWORD_MAX, PASSWORD_MIN } from './password';

/** A new password typed twice, with the rules the server enforces. */
export const newPasswordFields = {
	password: z
		.string()
		.min(PASSWORD_MIN, `Use at least ${PASSWORD_MIN} characters for the password.`)
		.max(PASSWORD_MAX, `Use at most ${PASSWORD_MAX} characters for the password.`),
	confirm: z.string()
};

export const matchingPasswords = (v: { password: string; confirm: string }) =>
	v.password === v.confirm;
export const mismatch = { message: 'The two passwords do not match.', path: ['confirm'] };
