import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { registrationOptions } from '$lib/server/auth/passkeys';
import { requireStepUp } from '$lib/server/auth/step-up';
import { setWebauthnCookie } from '$lib/server/auth/webauthn-cookie';
import { SIGNED_OUT, jsonRefusal } from '$lib/server/http/json-body';

/** Options for adding a passkey (the form's `addPasskey` action takes the answer). */
export const POST: RequestHandler = async (event) => {
	const { user, session } = event.locals;
	if (!user || !session) {
		return jsonRefusal(event, SIGNED_OUT);
	}
	// asked before the authenticator is touched, and again when the answer comes
	const stepUp = requireStepUp(event);
	if (stepUp) {
		return json(stepUp.data, { status: stepUp.status });
	}
	const { options, token } = await registrationOptions(event.locals.db, user, session.id);
	setWebauthnCookie(event.cookies, token);
	return json({ options });
};
