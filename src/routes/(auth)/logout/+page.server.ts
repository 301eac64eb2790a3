import { redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { clearSessionCookie, signOut } from '$lib/server/auth/session';

// Signing out is a POST (a link or image could otherwise sign someone out).
export const load: PageServerLoad = () => redirect(303, '/');

export const actions: Actions = {
	default: ({ locals, cookies }) => {
		if (locals.session && locals.user) {
			signOut(locals.db, locals.session.id, locals.user);
		}
		clearSessionCookie(cookies);
		redirect(303, '/login');
	}
};
