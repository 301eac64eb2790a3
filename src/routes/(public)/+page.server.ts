import { redirect } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';
import { hasAnyClinic, soleClinicSlug } from '$lib/server/clinic/clinic';
import { homePath } from '$lib/domain/roles';

export const load: PageServerLoad = ({ locals }) => {
	if (locals.user) {
		redirect(303, homePath(locals.user.role));
	}
	if (!hasAnyClinic(locals.db)) {
		redirect(303, '/setup');
	}
	// A clinic's own install is its product: visitors land on its public page, which links
	// staff to sign-in. Temporary (302): a second clinic brings this page back.
	const sole = soleClinicSlug(locals.db);
	if (sole) {
		redirect(302, `/c/${sole}`);
	}
	return {};
};
