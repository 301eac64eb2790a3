import { fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { hasAnyClinic } from '$lib/server/clinic/clinic';
import { nextPathFrom } from '$lib/server/auth/redirect';
import { setSessionCookie } from '$lib/server/auth/session';
import { signIn } from '$lib/server/auth/sign-in';
import { readDeviceTokens, setDeviceCookie } from '$lib/server/auth/device-cookie';
import { homePath } from '$lib/domain/roles';
import { withNext } from './with-next';
import { setPendingCookie } from '$lib/server/auth/pending-cookie';
import { SIGN_IN_TIMED_OUT, TOO_MANY_CODES } from '$lib/server/auth/two-step';
import { brandBySlug } from '$lib/server/clinic/brand';
import type { Db } from '$lib/server/db/client';
import { SLUG_PATTERN } from '$lib/domain/clinic-settings';

/** Why the second step sent the person back here (the flag says nothing else). */
const RESTART: Record<string, string> = { timeout: SIGN_IN_TIMED_OUT, codes: TOO_MANY_CODES };

export const load: PageServerLoad = ({ locals, url }) => {
	if (locals.user) {
		redirect(303, nextPathFrom(url, homePath(locals.user.role)));
	}
	if (!hasAnyClinic(locals.db)) {
		redirect(303, '/setup');
	}
	// after a password reset: say that it worked (the flag says nothing else)
	return {
		reset: url.searchParams.get('reset') === '1',
		restart: RESTART[url.searchParams.get('restart') ?? ''] ?? null,
		brand: clinicBrand(locals.db, url.searchParams.get('clinic'))
	};
};

/**
 * Reached from a clinic's public pages: that clinic's brand above the form. A slug that is not
 * a clinic gives the plain page, the same as no slug, so the page says nothing about it. Only
 * what the public pages already show goes out (name, logo, accent).
 */
function clinicBrand(db: Db, slug: string | null) {
	const brand = slug && SLUG_PATTERN.test(slug) ? brandBySlug(db, slug) : null;
	return brand ? { name: brand.name, logo: brand.logo, accent: brand.accent } : null;
}

export const actions: Actions = {
	default: async (event) => {
		const form = await event.request.formData();
		const email = String(form.get('email') ?? '').slice(0, 254);
		const password = String(form.get('password') ?? '');
		if (!email.trim() || !password) {
			return fail(400, { email, message: 'Enter your email and password.' });
		}
		const result = await signIn(event.locals.db, {
			email,
			password,
			ip: event.getClientAddress(),
			deviceTokens: readDeviceTokens(event.cookies)
		});
		if (!result.ok) {
			if (result.retryAfter) {
				event.setHeaders({ 'Retry-After': String(result.retryAfter) });
			}
			return fail(result.status, { email, message: result.message });
		}
		if ('pending' in result) {
			setPendingCookie(event.cookies, result.pending.token);
			redirect(303, withNext('/login/two-factor', event.url));
		}
		setSessionCookie(event.cookies, result.token, result.expiresAt);
		setDeviceCookie(event.cookies, result.device.token, result.device.expiresAt);
		redirect(303, nextPathFrom(event.url, homePath(result.user.role)));
	}
};
