import { fail } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { notFound, requireStaff } from '$lib/server/auth/guard';
import { clinicSettings, getClinic } from '$lib/server/clinic/clinic';
import { saveClinicSettings } from '$lib/server/clinic/save-settings';
import { brandOf } from '$lib/server/clinic/brand';
import { parseClinicName, parseSettingsForm } from '$lib/server/clinic/settings-form';
import { groupTimeZones } from '$lib/domain/time-zone-choices';
import { requireStepUp } from '$lib/server/auth/step-up';
import { countryName, phoneCountryChoices, phoneCountryForTimeZone } from '$lib/domain/phone';

export const load: PageServerLoad = (event) => {
	const actor = requireStaff(event, 'clinic.settings');
	const clinic = getClinic(event.locals.db, actor.clinicId) ?? notFound();
	const settings = clinicSettings(clinic);
	return {
		settings,
		clinicName: clinic.name,
		logo: brandOf(clinic).logo,
		// the server's list, not the browser's: it is the server that must know the zone
		timeZones: groupTimeZones(
			[...Intl.supportedValuesOf('timeZone'), 'UTC', settings.timeZone],
			new Date()
		),
		phoneCountries: phoneCountryChoices(),
		zoneCountry: zoneCountryName(settings.timeZone)
	};
};

function zoneCountryName(timeZone: string): string | null {
	const code = phoneCountryForTimeZone(timeZone);
	return code ? countryName(code) : null;
}

export const actions: Actions = {
	default: async (event) => {
		const actor = requireStaff(event, 'clinic.settings');
		const stale = requireStepUp(event);
		if (stale) {
			return stale;
		}
		const db = event.locals.db;
		const clinic = getClinic(db, actor.clinicId) ?? notFound();
		const current = clinicSettings(clinic);
		const data = await event.request.formData();
		const name = parseClinicName(data, clinic.name);
		if (!name.ok) {
			return fail(400, { message: name.message, saved: false });
		}
		const parsed = parseSettingsForm(data, current);
		if (!parsed.ok) {
			return fail(400, { message: parsed.message, saved: false });
		}
		saveClinicSettings(db, actor, current, parsed.data, { current: clinic.name, next: name.data });
		return { message: null, saved: true };
	}
};
