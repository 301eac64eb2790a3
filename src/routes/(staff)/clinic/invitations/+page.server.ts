import type { Actions, PageServerLoad } from './$types';
import { requireStaff } from '$lib/server/auth/guard';
import { listOpenInvitations } from '$lib/server/invitations/invitations';
import { cancelInviteAction, resendInviteAction } from '$lib/server/invitations/invitation-actions';
import { clinicTimeZone } from '$lib/server/clinic/clinic';

export const load: PageServerLoad = (event) => {
	const actor = requireStaff(event, 'patient.invite');
	const db = event.locals.db;
	return {
		timeZone: clinicTimeZone(db, actor.clinicId),
		invitations: listOpenInvitations(db, actor)
	};
};

export const actions: Actions = {
	resendInvite: resendInviteAction,
	cancelInvite: cancelInviteAction
};
