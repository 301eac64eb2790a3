import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { signInOptions } from '$lib/server/auth/passkeys-sign-in';
import { setWebauthnCookie } from '$lib/server/auth/webauthn-cookie';

/** A challenge for a one-tap passkey sign-in (no account named yet). */
export const POST: RequestHandler = async (event) => {
	const { options, token } = await signInOptions(event.locals.db);
	setWebauthnCookie(event.cookies, token);
	return json({ options });
};
