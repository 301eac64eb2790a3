import { fail, redirect, type RequestEvent } from '@sveltejs/kit';
import { z } from 'zod';
import type { Actions, PageServerLoad } from './$types';
import { notFound, requireUser } from '$lib/server/auth/guard';
import { nextPathFrom } from '$lib/server/auth/redirect';
import { readDeviceTokens } from '$lib/server/auth/device-cookie';
import { stepUpProofs, stepUpUntil } from '$lib/server/auth/step-up';
import { stepUpWithCode } from '$lib/server/auth/two-factor';
import { stepUpWithPassword } from '$lib/server/auth/step-up-password';
import { clinicTimeZone } from '$lib/server/clinic/clinic';
import { parseForm } from '$lib/server/http/validation';

// The page that the inline prompt (StepUpDialog) posts to, and the fallback without JavaScript:
// a refused download links here with ?next=, and a proof given here goes back there.
const codeForm = z.object({
	code: z.string().trim().min(1, 'Enter a code.').max(40, 'That is too long to be a code.')
});
const passwordForm = z.object({
	password: z.string().min(1, 'Enter your password.').max(1024, 'That is too long.')
});

type Action = 'code' | 'password';

export const load: PageServerLoad = (event) => {
	const me = requireUser(event);
	const db = event.locals.db;
	const s = event.locals.session;
	return {
		proofs: stepUpProofs(db, me.id),
		next: nextPathFrom(event.url, '') || null,
		until: s ? stepUpUntil(db, s) : null,
		timeZone: clinicTimeZone(db, me.clinicId)
	};
};

/** The signed-in person and this session (an API token has none, and cannot step up). */
function signedIn(event: RequestEvent) {
	const me = requireUser(event);
	const s = event.locals.session;
	if (!s) {
		notFound();
	}
	return { me, sessionId: s.id };
}

function refuse(
	event: RequestEvent,
	action: Action,
	r: { status: number; message: string; retryAfter?: number }
) {
	if (r.retryAfter) {
		event.setHeaders({ 'Retry-After': String(r.retryAfter) });
	}
	return fail(r.status, { action, message: r.message });
}

/**
 * Back to where the person was going (the page's forms keep `?next=` in their action URL), or
 * just "done" for the inline prompt, which sends none.
 */
function proved(event: RequestEvent, action: Action) {
	const to = nextPathFrom(event.url, '');
	if (to) {
		redirect(303, to);
	}
	return { action, message: null, proved: true };
}

export const actions: Actions = {
	code: async (event) => {
		const { me, sessionId } = signedIn(event);
		const parsed = parseForm(codeForm, await event.request.formData());
		if (!parsed.ok) {
			return fail(400, { action: 'code' as const, message: parsed.message });
		}
		const out = stepUpWithCode(event.locals.db, me, sessionId, parsed.data.code);
		return out.ok ? proved(event, 'code') : refuse(event, 'code', out);
	},
	password: async (event) => {
		const { me, sessionId } = signedIn(event);
		const parsed = parseForm(passwordForm, await event.request.formData());
		if (!parsed.ok) {
			return fail(400, { action: 'password' as const, message: parsed.message });
		}
		const out = await stepUpWithPassword(event.locals.db, me, sessionId, parsed.data.password, {
			ip: event.getClientAddress(),
			deviceTokens: readDeviceTokens(event.cookies)
		});
		return out.ok ? proved(event, 'password') : refuse(event, 'password', out);
	}
};
