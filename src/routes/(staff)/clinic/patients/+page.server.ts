import { fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { requireStaff } from '$lib/server/auth/guard';
import { createPatient, listPatients, type PatientFilters } from '$lib/server/patients/patients';
import { CONCERNS } from '$lib/domain/concerns';
import { parsePatientForm } from '$lib/server/patients/patient-form';
import { phoneCountryOfClinic } from '$lib/server/patients/phone-country';
import { formObject } from '$lib/server/http/validation';

const COURSE_FILTERS = ['active', 'none'] as const;
const CONSENT_FILTERS = ['active', 'revoked', 'expired', 'none'] as const;

/** Filters live in the query string, so a filtered list can be bookmarked and shared. */
function filtersFrom(params: URLSearchParams): PatientFilters {
	const pick = <T extends string>(name: string, allowed: readonly T[]) => {
		const v = params.get(name) ?? '';
		return (allowed as readonly string[]).includes(v) ? (v as T) : undefined;
	};
	return {
		q: params.get('q')?.slice(0, 100) ?? '',
		concern: pick('concern', CONCERNS),
		course: pick('course', COURSE_FILTERS),
		consent: pick('consent', CONSENT_FILTERS),
		archived: params.get('archived') === '1'
	};
}

export const load: PageServerLoad = (event) => {
	const actor = requireStaff(event, 'patient.read');
	const filters = filtersFrom(event.url.searchParams);
	return { filters, patients: listPatients(event.locals.db, actor, filters) };
};

export const actions: Actions = {
	create: async (event) => {
		const actor = requireStaff(event, 'patient.write');
		const data = await event.request.formData();
		const parsed = parsePatientForm(data, phoneCountryOfClinic(event.locals.db, actor.clinicId));
		if (!parsed.ok) {
			return fail(400, {
				values: { ...formObject(data), concerns: data.getAll('concerns').map(String) },
				message: parsed.message,
				field: parsed.field
			});
		}
		const created = createPatient(event.locals.db, actor, parsed.data);
		redirect(303, `/clinic/patients/${created.id}`);
	}
};
