import { fail, redirect, type RequestEvent } from '@sveltejs/kit';
import { z } from 'zod';
import type { Actions, PageServerLoad } from './$types';
import { requireUser } from '$lib/server/auth/guard';
import {
	cancelTotpEnrolment,
	confirmTotpEnrolment,
	disableTotp,
	regenerateRecoveryCodes,
	startTotpEnrolment,
	twoFactorStatus,
	type Refusal
} from '$lib/server/auth/two-factor';
import { parseForm } from '$lib/server/http/validation';

const codeForm = z.object({
	code: z.string().trim().min(1, 'Enter a code.').max(40, 'That is too long to be a code.')
});

type Action = 'start' | 'confirm' | 'regenerate' | 'disable' | 'cancel';

export const load: PageServerLoad = async (event) => {
	const me = requireUser(event);
	const status = await twoFactorStatus(event.locals.db, me);
	return { status, email: me.email };
};

function refuse(event: RequestEvent, action: Action, r: Refusal) {
	if (r.retryAfter) {
		event.setHeaders({ 'Retry-After': String(r.retryAfter) });
	}
	return fail(r.status, { action, message: r.message });
}

/** Reads the form's one field, `code`, or answers 400 naming it. */
async function readCode(event: RequestEvent, action: Action) {
	const parsed = parseForm(codeForm, await event.request.formData());
	return parsed.ok ? parsed.data.code : fail(400, { action, message: parsed.message });
}

export const actions: Actions = {
	start: async (event) => {
		const me = requireUser(event);
		const out = await startTotpEnrolment(event.locals.db, me);
		if (!out.ok) {
			return refuse(event, 'start', out);
		}
		// load shows the key from the database: it survives a reload, never sits in a URL, and
		// (after this redirect) a reload does not post again and replace it
		redirect(303, '/account/two-factor');
	},
	confirm: async (event) => {
		const me = requireUser(event);
		const code = await readCode(event, 'confirm');
		if (typeof code !== 'string') {
			return code;
		}
		const out = confirmTotpEnrolment(event.locals.db, me, code);
		return out.ok
			? { action: 'confirm' as const, codes: out.codes }
			: refuse(event, 'confirm', out);
	},
	regenerate: async (event) => {
		const me = requireUser(event);
		const code = await readCode(event, 'regenerate');
		if (typeof code !== 'string') {
			return code;
		}
		const out = regenerateRecoveryCodes(event.locals.db, me, code);
		return out.ok
			? { action: 'regenerate' as const, codes: out.codes }
			: refuse(event, 'regenerate', out);
	},
	disable: async (event) => {
		const me = requireUser(event);
		const code = await readCode(event, 'disable');
		if (typeof code !== 'string') {
			return code;
		}
		const out = disableTotp(event.locals.db, me, code);
		return out.ok ? { action: 'disable' as const, off: true } : refuse(event, 'disable', out);
	},
	cancel: async (event) => {
		const me = requireUser(event);
		cancelTotpEnrolment(event.locals.db, me);
		return { action: 'cancel' as const };
	}
};
