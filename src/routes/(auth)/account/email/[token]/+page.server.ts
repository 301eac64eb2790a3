import { fail } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { confirmEmailChange, findEmailChange } from '$lib/server/auth/email-change';
import { homePath } from '$lib/domain/roles';

// Opening the link changes nothing (mail scanners follow links); the Confirm button does.
export const load: PageServerLoad = ({ params, locals, setHeaders }) => {
	// the token is in this page's address: no Referer may carry it on
	setHeaders({ 'Referrer-Policy': 'no-referrer' });
	const found = findEmailChange(locals.db, params.token);
	return { usable: found !== null, newEmail: found?.newEmail ?? null };
};

export const actions: Actions = {
	default: ({ params, locals }) => {
		const result = confirmEmailChange(locals.db, params.token);
		if (!result.ok) {
			return fail(result.status, { message: result.message, done: null });
		}
		// signed in on this device as that account: back to their pages; otherwise sign in
		const next = locals.user?.id === result.user.id ? homePath(result.user.role) : '/login';
		return { message: null, done: { email: result.user.email, next } };
	}
};
