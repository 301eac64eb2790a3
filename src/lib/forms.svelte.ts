import type { SubmitFunction } from '@sveltejs/kit';

/**
 * Progressive enhancement with a busy flag: forms work without JavaScript, and with it the
 * submit button shows that something is happening until the server answers.
 */
export class FormState {
	busy = $state(false);

	enhance: SubmitFunction = () => {
		this.busy = true;
		return async ({ update }) => {
			try {
				// Resets the form only on success, so a mistyped field survives a refusal.
				await update();
			} finally {
				this.busy = false;
			}
		};
	};
}

/**
 * Ties controls to the server's answer to their form: `field('email')` gives the email
 * control its id and name, the value sent back after a refusal (what the person typed survives
 * it) and `aria-invalid` when it is the field that was refused.
 */
export function answerFields<V extends object>(values: V | undefined, refused?: string) {
	return (name: keyof V & string) => ({
		id: name,
		name,
		defaultValue: values?.[name] ?? '',
		'aria-invalid': refused === name ? ('true' as const) : undefined
	});
}
