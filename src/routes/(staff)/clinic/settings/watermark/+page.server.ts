import { fail } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { requireStaff } from '$lib/server/auth/guard';
import { requireStepUp } from '$lib/server/auth/step-up';
import {
	clinicHasLogo,
	parseWatermark,
	saveWatermark,
	watermarkView
} from '$lib/server/clinic/watermark-settings';

export const load: PageServerLoad = (event) => {
	const actor = requireStaff(event, 'clinic.settings');
	return watermarkView(event.locals.db, actor);
};

export const actions: Actions = {
	default: async (event) => {
		const actor = requireStaff(event, 'clinic.settings');
		const data = await event.request.formData();
		const parsed = parseWatermark(data, clinicHasLogo(event.locals.db, actor));
		if (!parsed.ok) {
			return fail(400, { message: parsed.message });
		}
		const stale = requireStepUp(event);
		if (stale) {
			return stale;
		}
		saveWatermark(event.locals.db, actor, parsed.data);
		return { message: null, saved: true };
	}
};
