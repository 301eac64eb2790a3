import type { Cookies } from '@sveltejs/kit';
import { CHALLENGE_TTL_MS } from './webauthn-challenge';

/**
 * Names the passkey challenge a browser is answering (webauthn-challenge.ts). One at a time: a
 * new ceremony replaces the cookie. Path `/` because the ceremonies run under /login and
 * /account alike; the session hook never reads it, and it opens nothing by itself.
 */
export const WEBAUTHN_COOKIE = 'resurface_webauthn';
const OPTIONS = { httpOnly: true, secure: true, sameSite: 'lax', path: '/' } as const;

export function setWebauthnCookie(cookies: Cookies, token: string): void {
	cookies.set(WEBAUTHN_COOKIE, token, { ...OPTIONS, maxAge: CHALLENGE_TTL_MS / 1000 });
}

/** Reads the cookie and deletes it: an answer is taken once, whatever it turns out to be. */
export function takeWebauthnCookie(cookies: Cookies): string | undefined {
	const token = cookies.get(WEBAUTHN_COOKIE);
	if (token !== undefined) {
		cookies.delete(WEBAUTHN_COOKIE, OPTIONS);
	}
	return token;
}
