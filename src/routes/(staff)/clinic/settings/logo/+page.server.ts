import { fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { notFound, requireStaff } from '$lib/server/auth/guard';
import { requireStepUp } from '$lib/server/auth/step-up';
import { brandById } from '$lib/server/clinic/brand';
import { LogoRejected, removeLogo, replaceLogo } from '$lib/server/clinic/brand-logo';
import { getStore } from '$lib/server/storage';

// The logo's own page: the settings page's Brand section posts here (a file upload is not part
// of the settings form), and a refusal without JavaScript is shown here with the form again.
export const load: PageServerLoad = (event) => {
	const actor = requireStaff(event, 'clinic.settings');
	const brand = brandById(event.locals.db, actor.clinicId) ?? notFound();
	return { brand };
};

export const actions: Actions = {
	upload: async (event) => {
		const actor = requireStaff(event, 'clinic.settings');
		const stale = requireStepUp(event);
		if (stale) {
			return stale;
		}
		const file = (await event.request.formData()).get('logo');
		if (!(file instanceof File) || file.size === 0) {
			return fail(400, { logoMessage: 'Choose a logo file (PNG, JPEG or WebP).' });
		}
		try {
			await replaceLogo(event.locals.db, getStore(), actor, Buffer.from(await file.arrayBuffer()));
		} catch (e) {
			if (e instanceof LogoRejected) {
				return fail(e.status, { logoMessage: e.message });
			}
			throw e;
		}
		redirect(303, '/clinic/settings?logo=saved');
	},
	remove: async (event) => {
		const actor = requireStaff(event, 'clinic.settings');
		const stale = requireStepUp(event);
		if (stale) {
			return stale;
		}
		await removeLogo(event.locals.db, getStore(), actor);
		redirect(303, '/clinic/settings?logo=removed');
	}
};
