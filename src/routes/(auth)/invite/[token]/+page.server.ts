import { error, fail, redirect } from '@sveltejs/kit';
import { z } from 'zod';
import type { Actions, PageServerLoad } from './$types';
import { brandById } from '$lib/server/clinic/brand';
import {
	InvitationError,
	acceptInvitation,
	findUsableInvitation
} from '$lib/server/invitations/invitations';
import { createSession, invalidateSession, setSessionCookie } from '$lib/server/auth/session';
import { matchingPasswords, mismatch, newPasswordFields } from '$lib/server/auth/passwords-form';
import { parseForm } from '$lib/server/http/validation';
import { homePath } from '$lib/domain/roles';

const schema = z.object(newPasswordFields).refine(matchingPasswords, mismatch);
const GONE = 'This invitation link has expired or was already used. Ask the clinic for a new one.';

export const load: PageServerLoad = ({ params, locals }) => {
	const db = locals.db;
	const inv = findUsableInvitation(db, params.token);
	if (!inv) {
		error(404, GONE);
	}
	return {
		name: inv.name,
		email: inv.email,
		role: inv.role,
		// the invitation knows its clinic: its brand greets whoever opens the link
		brand: brandById(db, inv.clinicId)
	};
};

export const actions: Actions = {
	default: async ({ params, request, cookies, locals }) => {
		const db = locals.db;
		const parsed = parseForm(schema, await request.formData());
		if (!parsed.ok) {
			return fail(400, { message: parsed.message, field: parsed.field });
		}
		let created;
		try {
			created = await acceptInvitation(db, params.token, parsed.data.password);
		} catch (e) {
			if (e instanceof InvitationError) {
				return fail(400, { message: e.message, field: undefined });
			}
			throw e;
		}
		// Whoever was signed in on this device before is signed out: the new account takes over.
		if (locals.session) {
			invalidateSession(db, locals.session.id);
		}
		const { token, session } = createSession(db, created.id);
		setSessionCookie(cookies, token, session.expiresAt);
		redirect(303, homePath(created.role));
	}
};
