import { fail, redirect, type RequestEvent } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { notFound, requireStaff } from '$lib/server/auth/guard';
import { requireStepUp } from '$lib/server/auth/step-up';
import { erasePatient, erasurePreview, ErasureError } from '$lib/server/records/erasure';
import { parseErasureForm } from '$lib/server/records/erasure-form';
import { getStore } from '$lib/server/storage';
import { config } from '$lib/server/platform/config';

function preview(event: RequestEvent<{ id: string }>, clinicId: string) {
	try {
		return erasurePreview(event.locals.db, clinicId, event.params.id);
	} catch (e) {
		if (e instanceof ErasureError && e.status === 404) {
			notFound();
		}
		throw e;
	}
}

export const load: PageServerLoad = (event) => {
	const actor = requireStaff(event, 'patient.erase');
	return { preview: preview(event, actor.clinicId) };
};

export const actions: Actions = {
	default: async (event) => {
		const actor = requireStaff(event, 'patient.erase');
		const stale = requireStepUp(event);
		if (stale) {
			return stale;
		}
		const { patient } = preview(event, actor.clinicId);
		const form = parseErasureForm(await event.request.formData(), patient.displayName);
		if (!form.ok) {
			return fail(400, { message: form.message, field: form.field, reason: form.reason });
		}
		try {
			await erasePatient(event.locals.db, getStore(), actor, patient.id, form.reason, {
				mailDir: config.mailDir()
			});
		} catch (e) {
			if (e instanceof ErasureError && e.status === 404) {
				notFound();
			}
			if (e instanceof ErasureError) {
				const field = e.status === 400 ? 'reason' : null;
				return fail(e.status, { message: e.message, field, reason: form.reason });
			}
			throw e;
		}
		// no name in the address: it stays in the browser's history
		redirect(303, '/clinic/patients?erased=1');
	}
};
