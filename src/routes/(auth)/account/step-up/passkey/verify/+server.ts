import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { stepUpWithPasskey } from '$lib/server/auth/passkeys-step-up';
import { takeWebauthnCookie } from '$lib/server/auth/webauthn-cookie';
import { NOT_JSON, SIGNED_OUT, jsonRefusal, readJsonBody } from '$lib/server/http/json-body';

/** The passkey's answer for step-up: records a factor proof on this session. */
export const POST: RequestHandler = async (event) => {
	const { user, session } = event.locals;
	if (!user || !session) {
		return jsonRefusal(event, SIGNED_OUT);
	}
	const token = takeWebauthnCookie(event.cookies);
	const body = await readJsonBody(event.request);
	if (!body) {
		return jsonRefusal(event, NOT_JSON);
	}
	const out = await stepUpWithPasskey(event.locals.db, user, session, {
		token,
		response: body.response
	});
	return out.ok ? json({ until: out.until.toISOString() }) : jsonRefusal(event, out);
};
