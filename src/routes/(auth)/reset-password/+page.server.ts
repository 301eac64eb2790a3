import { fail } from '@sveltejs/kit';
import { z } from 'zod';
import type { Actions, PageServerLoad } from './$types';
import { requestPasswordReset } from '$lib/server/auth/password-reset';
import { emailField, parseForm } from '$lib/server/http/validation';

const schema = z.object({ email: emailField });

export const load: PageServerLoad = () => ({});

export const actions: Actions = {
	default: async (event) => {
		const parsed = parseForm(schema, await event.request.formData());
		if (!parsed.ok) {
			return fail(400, { sent: false, email: '', message: parsed.message });
		}
		// The one answer for every address: whether a message went is not said (the service
		// decides, throttles and audits).
		requestPasswordReset(event.locals.db, parsed.data.email, event.getClientAddress());
		return { sent: true, email: parsed.data.email, message: null };
	}
};
