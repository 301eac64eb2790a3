import { fail, redirect } from '@sveltejs/kit';
import { z } from 'zod';
import type { Actions, PageServerLoad } from './$types';
import { findResetToken, resetPassword } from '$lib/server/auth/password-reset';
import { matchingPasswords, mismatch, newPasswordFields } from '$lib/server/auth/passwords-form';
import { parseForm } from '$lib/server/http/validation';

const schema = z.object(newPasswordFields).refine(matchingPasswords, mismatch);

// The token is in this page's address: no Referer may carry it to another page or site.
const NO_REFERRER = { 'Referrer-Policy': 'no-referrer' };

export const load: PageServerLoad = ({ params, locals, setHeaders }) => {
	setHeaders(NO_REFERRER);
	const found = findResetToken(locals.db, params.token);
	return { usable: found !== null, email: found?.user.email ?? null };
};

export const actions: Actions = {
	// (the load sets the header on the page an action answers with; setting it twice throws)
	default: async ({ params, request, locals }) => {
		const parsed = parseForm(schema, await request.formData());
		if (!parsed.ok) {
			return fail(400, { message: parsed.message, field: parsed.field, gone: false });
		}
		const result = await resetPassword(locals.db, params.token, parsed.data.password);
		if (!result.ok) {
			// the only refusal left after the form's own checks is a link that no longer works
			return fail(result.status, { message: result.message, field: undefined, gone: true });
		}
		redirect(303, '/login?reset=1');
	}
};
