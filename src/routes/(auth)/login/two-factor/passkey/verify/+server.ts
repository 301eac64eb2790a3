import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { homePath } from '$lib/domain/roles';
import { readDeviceTokens, setDeviceCookie } from '$lib/server/auth/device-cookie';
import { clearPendingCookie, readPendingCookie } from '$lib/server/auth/pending-cookie';
import { completeTwoStepWithPasskey } from '$lib/server/auth/passkeys-sign-in';
import { nextPathFrom } from '$lib/server/auth/redirect';
import { setSessionCookie } from '$lib/server/auth/session';
import { NOT_JSON, jsonRefusal, readJsonBody } from '$lib/server/http/json-body';
import { withNext } from '../../../with-next';

/** The passkey's answer for the second step; ends the sign-in exactly as a code does. */
export const POST: RequestHandler = async (event) => {
	const { cookies, url } = event;
	const body = await readJsonBody(event.request);
	if (!body) {
		return jsonRefusal(event, NOT_JSON);
	}
	const result = await completeTwoStepWithPasskey(event.locals.db, readPendingCookie(cookies), {
		response: body.response,
		deviceTokens: readDeviceTokens(cookies)
	});
	if (!result.ok) {
		if (result.status === 400 && result.restart) {
			clearPendingCookie(cookies);
			return json(
				{ message: result.message, redirect: withNext(`/login?restart=${result.restart}`, url) },
				{ status: 400 }
			);
		}
		return jsonRefusal(event, result);
	}
	clearPendingCookie(cookies);
	setSessionCookie(cookies, result.token, result.expiresAt);
	setDeviceCookie(cookies, result.device.token, result.device.expiresAt);
	return json({ redirect: nextPathFrom(url, homePath(result.user.role)) });
};
