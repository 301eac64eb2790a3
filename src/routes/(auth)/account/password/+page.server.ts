import { fail } from '@sveltejs/kit';
import { z } from 'zod';
import type { Actions, PageServerLoad } from './$types';
import { requireUser } from '$lib/server/auth/guard';
import { changePassword } from '$lib/server/auth/password-change';
import { readDeviceTokens } from '$lib/server/auth/device-cookie';
import { matchingPasswords, mismatch, newPasswordFields } from '$lib/server/auth/passwords-form';
import { parseForm } from '$lib/server/http/validation';

const schema = z
	.object({ current: z.string().min(1, 'Enter your current password.'), ...newPasswordFields })
	.refine(matchingPasswords, mismatch);

export const load: PageServerLoad = (event) => {
	requireUser(event);
	return {};
};

export const actions: Actions = {
	default: async (event) => {
		const me = requireUser(event);
		const parsed = parseForm(schema, await event.request.formData());
		if (!parsed.ok) {
			return fail(400, { message: parsed.message, field: parsed.field, done: false });
		}
		const result = await changePassword(event.locals.db, me, parsed.data, {
			ip: event.getClientAddress(),
			sessionId: event.locals.session?.id,
			deviceTokens: readDeviceTokens(event.cookies)
		});
		if (!result.ok) {
			if (result.retryAfter) {
				event.setHeaders({ 'Retry-After': String(result.retryAfter) });
			}
			return fail(result.status, { message: result.message, field: 'current', done: false });
		}
		return { done: true, message: null, field: undefined };
	}
};
