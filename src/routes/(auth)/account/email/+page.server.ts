import { fail } from '@sveltejs/kit';
import { z } from 'zod';
import type { Actions, PageServerLoad } from './$types';
import { requireUser } from '$lib/server/auth/guard';
import { requestEmailChange } from '$lib/server/auth/email-change';
import { readDeviceTokens } from '$lib/server/auth/device-cookie';
import { emailField, parseForm } from '$lib/server/http/validation';

const schema = z.object({
	email: emailField,
	current: z.string().min(1, 'Enter your current password.')
});

export const load: PageServerLoad = (event) => {
	const me = requireUser(event);
	return { email: me.email };
};

export const actions: Actions = {
	default: async (event) => {
		const me = requireUser(event);
		const parsed = parseForm(schema, await event.request.formData());
		if (!parsed.ok) {
			return fail(400, { message: parsed.message, field: parsed.field, sentTo: null });
		}
		const result = await requestEmailChange(
			event.locals.db,
			me,
			{ newEmail: parsed.data.email, current: parsed.data.current },
			{ ip: event.getClientAddress(), deviceTokens: readDeviceTokens(event.cookies) }
		);
		if (!result.ok) {
			if (result.retryAfter) {
				event.setHeaders({ 'Retry-After': String(result.retryAfter) });
			}
			return fail(result.status, { message: result.message, field: result.field, sentTo: null });
		}
		return { message: null, field: undefined, sentTo: result.newEmail };
	}
};
