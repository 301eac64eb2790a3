import { error, redirect } from '@sveltejs/kit';
import { resubscribeByToken } from '$lib/server/mail/patient-mail';
import type { RequestHandler } from './$types';

/**
 * Undo from the unsubscribe page. Not covered by the one-click exemption (http/csrf.ts): a
 * cross-site POST here is refused, so only the page itself can start mail again.
 */
export const POST: RequestHandler = (event) => {
	const { token } = event.params;
	if (!resubscribeByToken(event.locals.db, token)) {
		error(404, 'Not found');
	}
	redirect(303, `/unsubscribe/${encodeURIComponent(token)}?resubscribed`);
};
