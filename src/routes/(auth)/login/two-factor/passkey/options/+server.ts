import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { clearPendingCookie, readPendingCookie } from '$lib/server/auth/pending-cookie';
import { secondStepOptions } from '$lib/server/auth/passkeys-sign-in';
import { jsonRefusal } from '$lib/server/http/json-body';
import { withNext } from '../../../with-next';

/** A challenge for a passkey as the second step, kept on the half-finished sign-in. */
export const POST: RequestHandler = async (event) => {
	const out = await secondStepOptions(event.locals.db, readPendingCookie(event.cookies));
	if (!out.ok) {
		if (out.status === 400 && out.restart) {
			clearPendingCookie(event.cookies);
			const redirect = withNext(`/login?restart=${out.restart}`, event.url);
			return json({ message: out.message, redirect }, { status: 400 });
		}
		return jsonRefusal(event, out);
	}
	return json({ options: out.options });
};
