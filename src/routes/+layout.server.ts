import type { LayoutServerLoad } from './$types';
import { getClinic } from '$lib/server/clinic/clinic';
import { can } from '$lib/server/auth/guard';

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
			canPublish: can(user.role, 'gallery.publish')
		}
	};
};
