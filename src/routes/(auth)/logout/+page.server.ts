import { redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { getDb } from '$lib/server/db/client';
import { clearSessionCookie, invalidateSession } from '$lib/server/auth/session';
import { audit } from '$lib/server/audit/audit';

// Signing out is a POST (a link or image could otherwise sign someone out).
export const load: PageServerLoad = () => redirect(303, '/');

export const actions: Actions = {
	default: ({ locals, cookies }) => {
		if (locals.session && locals.user) {
			const db = getDb();
			invalidateSession(db, locals.session.id);
			audit(db, {
				clinicId: locals.user.clinicId,
				actorUserId: locals.user.id,
				action: 'sign_out',
				ok: true
			});
		}
		clearSessionCookie(cookies);
		redirect(303, '/login');
	}
};
