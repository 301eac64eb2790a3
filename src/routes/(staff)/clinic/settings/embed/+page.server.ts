import { fail } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { notFound, requireStaff } from '$lib/server/auth/guard';
import { requireStepUp } from '$lib/server/auth/step-up';
import { clinicSettings, getClinic } from '$lib/server/clinic/clinic';
import { saveClinicSettings } from '$lib/server/clinic/save-settings';
import { parseCaseLinkTemplate, parseEmbedOrigins } from '$lib/domain/embed-settings';

export const load: PageServerLoad = (event) => {
	const actor = requireStaff(event, 'clinic.settings');
	const clinic = getClinic(event.locals.db, actor.clinicId) ?? notFound();
	const settings = clinicSettings(clinic);
	return {
		slug: clinic.slug,
		origins: settings.embedOrigins,
		caseLinkTemplate: settings.caseLinkTemplate,
		// the snippet names this server as the browser reaches it
		scriptUrl: `${event.url.origin}/embed/c/${clinic.slug}/embed.js`
	};
};

export const actions: Actions = {
	save: async (event) => {
		const actor = requireStaff(event, 'clinic.settings');
		const data = await event.request.formData();
		const values = {
			origins: String(data.get('origins') ?? ''),
			caseLink: String(data.get('caseLink') ?? '')
		};
		const origins = parseEmbedOrigins(values.origins);
		if (!origins.ok) {
			return fail(400, { message: origins.message, field: 'origins', values });
		}
		const template = parseCaseLinkTemplate(values.caseLink);
		if (!template.ok) {
			return fail(400, { message: template.message, field: 'caseLink', values });
		}
		const refused = requireStepUp(event);
		if (refused) {
			return refused;
		}
		const db = event.locals.db;
		const clinic = getClinic(db, actor.clinicId) ?? notFound();
		const current = clinicSettings(clinic);
		saveClinicSettings(db, actor, current, {
			...current,
			embedOrigins: origins.value,
			caseLinkTemplate: template.value
		});
		return { message: null, saved: true };
	}
};
