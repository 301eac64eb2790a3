import { fail, redirect, type RequestEvent } from '@sveltejs/kit';
import { z } from 'zod';
import type { Actions, PageServerLoad } from './$types';
import { requireUser } from '$lib/server/auth/guard';
import { ENROL_PATH } from '$lib/server/auth/enrolment-policy';
import { nextPathFrom } from '$lib/server/auth/redirect';
import { homePath } from '$lib/domain/roles';
import {
	cancelTotpEnrolment,
	confirmTotpEnrolment,
	disableTotp,
	regenerateRecoveryCodes,
	regenerateRecoveryCodesAfterStepUp,
	startTotpEnrolment,
	twoFactorStatus,
	type Refusal
} from '$lib/server/auth/two-factor';
import { parseForm } from '$lib/server/http/validation';
import {
	addPasskey,
	listPasskeys,
	passkeyName,
	removePasskey,
	renamePasskey,
	type PasskeyRefusal
} from '$lib/server/auth/passkeys';
import { recordFactorProof, requireStepUp } from '$lib/server/auth/step-up';
import { takeWebauthnCookie } from '$lib/server/auth/webauthn-cookie';

const codeForm = z.object({
	code: z.string().trim().min(1, 'Enter a code.').max(40, 'That is too long to be a code.')
});

const passkeyId = z.string().min(1, 'Choose a passkey.').max(1400, 'That is not a passkey.');
const addForm = z.object({
	name: passkeyName,
	response: z.string().min(1, 'Your browser sent no passkey.').max(60_000, 'That is too long.')
});
const renameForm = z.object({ id: passkeyId, name: passkeyName });
const removeForm = z.object({ id: passkeyId });

type Action =
	| 'start'
	| 'confirm'
	| 'regenerate'
	| 'regenerateAfterStepUp'
	| 'disable'
	| 'cancel'
	| 'addPasskey'
	| 'renamePasskey'
	| 'removePasskey';

/** `?required=1&next=…`: how the clinic's policy sent this person here, kept across steps. */
function walkedQuery(url: URL): string {
	if (!url.searchParams.has('required')) {
		return '';
	}
	const q = new URLSearchParams({ required: '1' });
	const next = url.searchParams.get('next');
	if (next) {
		q.set('next', next);
	}
	return `?${q}`;
}

export const load: PageServerLoad = async (event) => {
	const me = requireUser(event);
	const status = await twoFactorStatus(event.locals.db, me);
	const walked = event.url.searchParams.has('required');
	return {
		status,
		email: me.email,
		passkeys: listPasskeys(event.locals.db, me.id),
		policy: {
			/** the clinic requires a factor and this person has none yet: nothing else opens */
			holding: event.locals.mustEnrol,
			/** sent here by the policy and now set up: where to carry on */
			continueTo:
				walked && !event.locals.mustEnrol ? nextPathFrom(event.url, homePath(me.role)) : null,
			carry: walkedQuery(event.url).replace(/^\?/, '&')
		}
	};
};

function refuse(event: RequestEvent, action: Action, r: Refusal | PasskeyRefusal) {
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
		// (after this redirect) a reload does not post again and replace it. A person the clinic
		// sent here keeps the way back (the form's action URL carries it).
		redirect(303, `${ENROL_PATH}${walkedQuery(event.url)}`);
	},
	confirm: async (event) => {
		const me = requireUser(event);
		const code = await readCode(event, 'confirm');
		if (typeof code !== 'string') {
			return code;
		}
		const out = confirmTotpEnrolment(event.locals.db, me, code);
		if (!out.ok) {
			return refuse(event, 'confirm', out);
		}
		// the session has just proved the app: step-up is fresh
		if (event.locals.session) {
			recordFactorProof(event.locals.db, event.locals.session.id);
		}
		return { action: 'confirm' as const, codes: out.codes };
	},
	regenerateAfterStepUp: (event) => {
		const me = requireUser(event);
		const refused = requireStepUp(event);
		if (refused) {
			return refused;
		}
		const codes = regenerateRecoveryCodesAfterStepUp(event.locals.db, me);
		return codes
			? { action: 'regenerate' as const, codes }
			: fail(409, {
					action: 'regenerateAfterStepUp' as const,
					message: 'Recovery codes stand in for an app or a passkey; set one up first.'
				});
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
	},
	addPasskey: async (event) => {
		const me = requireUser(event);
		const token = takeWebauthnCookie(event.cookies);
		const stepUp = requireStepUp(event);
		if (stepUp) {
			return stepUp;
		}
		const parsed = parseForm(addForm, await event.request.formData());
		if (!parsed.ok) {
			return fail(400, { action: 'addPasskey' as const, message: parsed.message });
		}
		let response: unknown;
		try {
			response = JSON.parse(parsed.data.response);
		} catch {
			return fail(400, { action: 'addPasskey' as const, message: 'Your browser sent no passkey.' });
		}
		const out = await addPasskey(event.locals.db, me, event.locals.session!.id, {
			token,
			name: parsed.data.name,
			response
		});
		return out.ok
			? { action: 'addPasskey' as const, added: parsed.data.name, codes: out.codes ?? undefined }
			: refuse(event, 'addPasskey', out);
	},
	renamePasskey: async (event) => {
		const me = requireUser(event);
		const parsed = parseForm(renameForm, await event.request.formData());
		if (!parsed.ok) {
			return fail(400, { action: 'renamePasskey' as const, message: parsed.message });
		}
		const out = renamePasskey(event.locals.db, me, parsed.data);
		return out.ok
			? { action: 'renamePasskey' as const, renamed: parsed.data.name }
			: refuse(event, 'renamePasskey', out);
	},
	removePasskey: async (event) => {
		const me = requireUser(event);
		const stepUp = requireStepUp(event);
		if (stepUp) {
			return stepUp;
		}
		const parsed = parseForm(removeForm, await event.request.formData());
		if (!parsed.ok) {
			return fail(400, { action: 'removePasskey' as const, message: parsed.message });
		}
		const out = removePasskey(event.locals.db, me, parsed.data.id);
		return out.ok
			? { action: 'removePasskey' as const, removed: out.name }
			: refuse(event, 'removePasskey', out);
	}
};
