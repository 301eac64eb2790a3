import { fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { getDb } from '$lib/server/db/client';
import { requireStaff } from '$lib/server/auth/guard';
import { createPatient, listPatients } from '$lib/server/patients';
import { parsePatientForm } from '$lib/server/patient-form';
import { formObject } from '$lib/server/validation';

export const load: PageServerLoad = (event) => {
	const actor = requireStaff(event, 'patient.read');
	const q = event.url.searchParams.get('q') ?? '';
	return { q, patients: listPatients(getDb(), actor, { q }) };
};

export const actions: Actions = {
	create: async (event) => {
		const actor = requireStaff(event, 'patient.write');
		const data = await event.request.formData();
		const parsed = parsePatientForm(data);
		if (!parsed.ok) {
			return fail(400, {
				values: { ...formObject(data), concerns: data.getAll('concerns').map(String) },
				message: parsed.message,
				field: parsed.field
			});
		}
		const created = createPatient(getDb(), actor, parsed.data, event.getClientAddress());
		redirect(303, `/clinic/patients/${created.id}`);
	}
};
