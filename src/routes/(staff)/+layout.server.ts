import type { LayoutServerLoad } from './$types';
import { can, type StaffActor } from '$lib/server/auth/guard';
import { isStaffRole } from '$lib/domain/roles';
import { failedMailCount, mailDestination } from '$lib/server/mail/outbox-view';

// Only the owner's mail banner; every page still checks access in its own load.
export const load: LayoutServerLoad = ({ locals, url }) => {
	const user = locals.user;
	if (!user || !isStaffRole(user.role) || !can(user.role, 'mail.outbox')) {
		return { mailBanner: null };
	}
	// read on every navigation (not only the first), so a failure shows on the next page opened
	void url.pathname;
	const actor = { user, clinicId: user.clinicId } as StaffActor;
	return {
		mailBanner: {
			delivered: mailDestination().delivered,
			failed: failedMailCount(locals.db, actor)
		}
	};
};
