import { fail, redirect } from '@sveltejs/kit';
import { z } from 'zod';
import type { Actions, PageServerLoad } from './$types';
import { homePath } from '$lib/domain/roles';
import { nextPathFrom } from '$lib/server/auth/redirect';
import { setSessionCookie } from '$lib/server/auth/session';
import { readDeviceTokens, setDeviceCookie } from '$lib/server/auth/device-cookie';
import { clearPendingCookie, readPendingCookie } from '$lib/server/auth/pending-cookie';
import { completeTwoStep, findPendingSignIn } from '$lib/server/auth/two-step';
import { parseForm } from '$lib/server/http/validation';
import { secondFactors } from '$lib/server/auth/second-factors';
import { withNext } from '../with-next';

const schema = z.object({
	code: z.string().trim().min(1, 'Enter the code.').max(40, 'That is not a code.')
});

export const load: PageServerLoad = ({ locals, url, cookies }) => {
	if (locals.user) {
		redirect(303, nextPathFrom(url, homePath(locals.user.role)));
	}
	const token = readPendingCookie(cookies);
	const found = findPendingSignIn(locals.db, token);
	if (!found) {
		clearPendingCookie(cookies);
		// no cookie at all: just the sign-in form; a dead one: say why
		redirect(303, withNext(token ? '/login?restart=timeout' : '/login', url));
	}
	const factors = secondFactors(locals.db, found.user.id);
	return { email: found.user.email, totp: factors.totp, passkeys: factors.passkeys > 0 };
};

export const actions: Actions = {
	default: async (event) => {
		const { cookies, url } = event;
		const parsed = parseForm(schema, await event.request.formData());
		if (!parsed.ok) {
			return fail(400, { message: parsed.message });
		}
		const result = completeTwoStep(event.locals.db, readPendingCookie(cookies), {
			code: parsed.data.code,
			deviceTokens: readDeviceTokens(cookies)
		});
		if (!result.ok) {
			if (result.status === 429) {
				event.setHeaders({ 'Retry-After': String(result.retryAfter) });
				return fail(429, { message: result.message });
			}
			if (result.restart) {
				clearPendingCookie(cookies);
				redirect(303, withNext(`/login?restart=${result.restart}`, url));
			}
			return fail(result.status, { message: result.message });
		}
		clearPendingCookie(cookies);
		setSessionCookie(cookies, result.token, result.expiresAt);
		setDeviceCookie(cookies, result.device.token, result.device.expiresAt);
		redirect(303, nextPathFrom(url, homePath(result.user.role)));
	}
};
