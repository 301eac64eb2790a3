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
