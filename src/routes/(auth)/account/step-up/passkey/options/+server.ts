import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { stepUpOptions } from '$lib/server/auth/passkeys-step-up';
import { setWebauthnCookie } from '$lib/server/auth/webauthn-cookie';
import { SIGNED_OUT, jsonRefusal } from '$lib/server/http/json-body';

/** A challenge for proving one of this account's passkeys again, bound to this session. */
export const POST: RequestHandler = async (event) => {
	const { user, session } = event.locals;
	if (!user || !session) {
		return jsonRefusal(event, SIGNED_OUT);
	}
	const out = await stepUpOptions(event.locals.db, user, session);
	if (!out.ok) {
		return jsonRefusal(event, out);
	}
	setWebauthnCookie(event.cookies, out.token);
	return json({ options: out.options });
};
