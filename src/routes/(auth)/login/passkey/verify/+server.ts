import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { homePath } from '$lib/domain/roles';
import { readDeviceTokens, setDeviceCookie } from '$lib/server/auth/device-cookie';
import { signInWithPasskey } from '$lib/server/auth/passkeys-sign-in';
import { nextPathFrom } from '$lib/server/auth/redirect';
import { setSessionCookie } from '$lib/server/auth/session';
import { takeWebauthnCookie } from '$lib/server/auth/webauthn-cookie';
import { NOT_JSON, jsonRefusal, readJsonBody } from '$lib/server/http/json-body';

/** The answer to a one-tap sign-in; `?next=` is honoured as the password form honours it. */
export const POST: RequestHandler = async (event) => {
	const { cookies } = event;
	const token = takeWebauthnCookie(cookies);
	const body = await readJsonBody(event.request);
	if (!body) {
		return jsonRefusal(event, NOT_JSON);
	}
	const result = await signInWithPasskey(event.locals.db, {
		token,
		response: body.response,
		ip: event.getClientAddress(),
		deviceTokens: readDeviceTokens(cookies)
	});
	if (!result.ok) {
		return jsonRefusal(event, result);
	}
	setSessionCookie(cookies, result.token, result.expiresAt);
	setDeviceCookie(cookies, result.device.token, result.device.expiresAt);
	return json({ redirect: nextPathFrom(event.url, homePath(result.user.role)) });
};
