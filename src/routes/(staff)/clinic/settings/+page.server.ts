import { fail } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { getDb } from '$lib/server/db/client';
import { notFound, requireStaff } from '$lib/server/auth/guard';
import { clinicSettings, getClinic, saveClinicSettings } from '$lib/server/clinic';
import { parseSettingsForm } from '$lib/server/settings-form';
import { audit } from '$lib/server/audit';

export const load: PageServerLoad = (event) => {
	const actor = requireStaff(event, 'clinic.settings');
	const clinic = getClinic(getDb(), actor.clinicId) ?? notFound();
	return { settings: clinicSettings(clinic) };
};

export const actions: Actions = {
	default: async (event) => {
		const actor = requireStaff(event, 'clinic.settings');
		const db = getDb();
		const clinic = getClinic(db, actor.clinicId) ?? notFound();
		const parsed = parseSettingsForm(await event.request.formData(), clinicSettings(clinic));
		if (!parsed.ok) {
			return fail(400, { message: parsed.message, saved: false });
		}
		saveClinicSettings(db, clinic.id, parsed.data);
		audit(db, {
			clinicId: clinic.id,
			actorUserId: actor.user.id,
			action: 'clinic_settings',
			targetType: 'clinic',
			targetId: clinic.id,
			ip: event.getClientAddress(),
			ok: true
		});
		return { message: null, saved: true };
	}
};
