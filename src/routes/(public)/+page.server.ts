import { redirect } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';
import { hasAnyClinic } from '$lib/server/clinic/clinic';
import { homePath } from '$lib/domain/roles';

export const load: PageServerLoad = ({ locals }) => {
	if (locals.user) {
		redirect(303, homePath(locals.user.role));
	}
	if (!hasAnyClinic(locals.db)) {
		redirect(303, '/setup');
	}
	return {};
};
