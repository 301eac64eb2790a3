// The one statement of what a new password must be. The server refuses anything else and the
// form fields carry the same limits (minlength, maxlength, the hint), so the browser's own
// check and the server's never disagree.

export const PASSWORD_MIN = 10;
/** argon2 would hash more, but a longer paste is a mistake, and hashing it costs time */
export const PASSWORD_MAX = 256;

/** What the form says under a new-password field. */
export const PASSWORD_HINT = `At least ${PASSWORD_MIN} characters.`;

/** Why a new password will not do, or null when it is acceptable. */
export function passwordProblem(password: string): string | null {
	if (password.length < PASSWORD_MIN) {
		return `Use at least ${PASSWORD_MIN} characters for the password.`;
	}
	if (password.length > PASSWORD_MAX) {
		return `Use at most ${PASSWORD_MAX} characters for the password.`;
	}
	return null;
}
