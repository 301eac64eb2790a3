import type { Cookies } from '@sveltejs/kit';
import { PENDING_TTL_MS } from './two-step';

/**
 * The half-finished sign-in's token. Sent only to /login and below: no other page ever sees it,
 * and the session hook never reads it, so it opens nothing but the second form.
 */
export const PENDING_COOKIE = 'resurface_2fa';
const OPTIONS = { httpOnly: true, secure: true, sameSite: 'lax', path: '/login' } as const;

export function setPendingCookie(cookies: Cookies, token: string): void {
	cookies.set(PENDING_COOKIE, token, { ...OPTIONS, maxAge: PENDING_TTL_MS / 1000 });
}

export function readPendingCookie(cookies: Cookies): string | undefined {
	return cookies.get(PENDING_COOKIE);
}

export function clearPendingCookie(cookies: Cookies): void {
	cookies.delete(PENDING_COOKIE, OPTIONS);
}
