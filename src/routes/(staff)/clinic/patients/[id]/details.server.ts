import { setArchived, updatePatient } from '$lib/server/patients/patients';
import { parsePatientForm } from '$lib/server/patients/patient-form';
import { phoneCountryOfClinic } from '$lib/server/patients/phone-country';
import type { Actions } from './$types';
import { actingOn } from './acting.server';
import { answersFor } from './area-result';

const { done, refused } = answersFor('details');

export const detailsActions = {
	updatePatient: async (event) => {
		const { db, actor, patient } = actingOn(event, 'patient.write');
		const data = await event.request.formData();
		const parsed = parsePatientForm(data, phoneCountryOfClinic(db, actor.clinicId));
		if (!parsed.ok) {
			return refused(400, 'updatePatient', parsed.message);
		}
		updatePatient(db, actor, patient, parsed.data);
		return done('updatePatient');
	},
	archive: async (event) => {
		const { db, actor, patient } = actingOn(event, 'patient.write');
		const archive = (await event.request.formData()).get('archive') === '1';
		setArchived(db, actor, patient, archive);
		return done('archive', { archived: archive });
	}
} satisfies Actions;
