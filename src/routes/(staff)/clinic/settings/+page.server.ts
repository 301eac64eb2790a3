import { fail } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { getDb } from '$lib/server/db/client';
import { notFound, requireStaff } from '$lib/server/auth/guard';
import { clinicSettings, getClinic, saveClinicSettings } from '$lib/server/clinic/clinic';
import { parseSettingsForm } from '$lib/server/clinic/settings-form';
import { audit } from '$lib/server/audit/audit';
import { groupTimeZones } from '$lib/domain/time-zone-choices';

export const load: PageServerLoad = (event) => {
	const actor = requireStaff(event, 'clinic.settings');
	const clinic = getClinic(getDb(), actor.clinicId) ?? notFound();
	const settings = clinicSettings(clinic);
	return {
		settings,
		// the server's list, not the browser's: it is the server that must know the zone
		timeZones: groupTimeZones(
			[...Intl.supportedValuesOf('timeZone'), 'UTC', settings.timeZone],
			new Date()
		)
	};
};

export const actions: Actions = {
	default: async (event) => {
		const actor = requireStaff(event, 'clinic.settings');
		const db = getDb();
		const clinic = getClinic(db, actor.clinicId) ?? notFound();
		const current = clinicSettings(clinic);
		const parsed = parseSettingsForm(await event.request.formData(), current);
		if (!parsed.ok) {
			return fail(400, { message: parsed.message, saved: false });
		}
		const { timeZone } = parsed.data;
		saveClinicSettings(db, clinic.id, parsed.data);
		audit(db, {
			clinicId: clinic.id,
			actorUserId: actor.user.id,
			action: 'clinic_settings',
			targetType: 'clinic',
			targetId: clinic.id,
			ok: true,
			detail:
				timeZone === current.timeZone ? undefined : `time zone ${current.timeZone} → ${timeZone}`
		});
		return { message: null, saved: true };
	}
};
