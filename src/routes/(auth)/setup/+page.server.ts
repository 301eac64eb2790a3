import { fail, redirect } from '@sveltejs/kit';
import { z } from 'zod';
import type { Actions, PageServerLoad } from './$types';
import { SetupClosedError, createFirstClinic, hasAnyClinic } from '$lib/server/clinic/clinic';
import { notFound } from '$lib/server/auth/guard';
import { createSession, setSessionCookie } from '$lib/server/auth/session';
import { matchingPasswords, mismatch, newPasswordFields } from '$lib/server/auth/passwords-form';
import { emailField, formObject, nameField, parseForm } from '$lib/server/http/validation';
import { SLUG_PATTERN, slugify } from '$lib/domain/clinic-settings';

const schema = z
	.object({
		clinicName: nameField('the clinic name'),
		slug: z
			.string()
			.trim()
			.toLowerCase()
			.regex(SLUG_PATTERN, 'Use 2–40 lowercase letters, digits and hyphens for the web address.'),
		ownerName: nameField('your name'),
		email: emailField,
		...newPasswordFields
	})
	.refine(matchingPasswords, mismatch);

// First run only: once a clinic exists this page does not exist either.
export const load: PageServerLoad = ({ locals }) => {
	if (hasAnyClinic(locals.db)) {
		notFound();
	}
	return {};
};

export const actions: Actions = {
	default: async ({ request, cookies, locals }) => {
		const db = locals.db;
		if (hasAnyClinic(db)) {
			notFound();
		}
		const data = await request.formData();
		const { password: _p, confirm: _c, ...values } = formObject(data);
		if (!String(data.get('slug') ?? '').trim()) {
			data.set('slug', slugify(String(data.get('clinicName') ?? '')));
		}
		const parsed = parseForm(schema, data);
		if (!parsed.ok) {
			return fail(400, { values, message: parsed.message, field: parsed.field });
		}
		let created;
		try {
			created = await createFirstClinic(db, parsed.data);
		} catch (e) {
			if (e instanceof SetupClosedError) {
				notFound();
			}
			throw e;
		}
		const { token, session } = createSession(db, created.owner.id);
		setSessionCookie(cookies, token, session.expiresAt);
		redirect(303, '/clinic');
	}
};
