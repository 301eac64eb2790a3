import type { LayoutServerLoad } from './$types';
import { getClinic } from '$lib/server/clinic/clinic';
import { permissionsOf } from '$lib/server/auth/guard';
import { homePath } from '$lib/domain/roles';
import { brandOf } from '$lib/server/clinic/brand';

// Only shapes the header; every page checks access in its own load. The public gallery is the
// same for everyone who opens it, signed in or not, so it carries nobody's name.
export const load: LayoutServerLoad = ({ locals, route }) => {
	const user = locals.user;
	if (!user || route.id?.startsWith('/(public)/c/')) {
		return { viewer: null };
	}
	const clinic = getClinic(locals.db, user.clinicId);
	return {
		viewer: {
			name: user.name,
			role: user.role,
			clinicName: clinic?.name ?? '',
			// a patient's pages wear their clinic's brand (logo, accent), staff pages Resurface's
			brand: clinic && user.role === 'patient' ? brandOf(clinic) : null,
			home: homePath(user.role),
			// from the guard's one table: the header and pages read these instead of the role
			permissions: permissionsOf(user.role),
			mustEnrol: locals.mustEnrol
		}
	};
};
