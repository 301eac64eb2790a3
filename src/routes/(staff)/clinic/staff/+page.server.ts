import { fail, type RequestEvent } from '@sveltejs/kit';
import type { Db } from '$lib/server/db/client';
import { z } from 'zod';
import type { Actions, PageServerLoad } from './$types';
import { notFound, requireStaff, type StaffActor } from '$lib/server/auth/guard';
import { listStaff, setStaffAccess, StaffAccessError } from '$lib/server/clinic/staff';
import {
	InvitationError,
	handOverStaffLink,
	inviteStaff,
	listOpenInvitations
} from '$lib/server/invitations/invitations';
import {
	cancelInviteAction,
	inviteLink,
	resendInviteAction,
	sentNote
} from '$lib/server/invitations/invitation-actions';
import { emailField, formObject, nameField, parseForm } from '$lib/server/http/validation';
import { STAFF_ROLES } from '$lib/domain/roles';
import { clinicTimeZone } from '$lib/server/clinic/clinic';
import { requireStepUp } from '$lib/server/auth/step-up';
import { FactorResetError, resetSecondFactors } from '$lib/server/auth/factor-reset';

const schema = z.object({
	name: nameField('their name'),
	email: emailField,
	role: z.enum(STAFF_ROLES, 'Choose a role.')
});

export const load: PageServerLoad = (event) => {
	const actor = requireStaff(event, 'staff.manage');
	const db = event.locals.db;
	return {
		me: actor.user.id,
		timeZone: clinicTimeZone(db, actor.clinicId),
		staff: listStaff(db, actor),
		pending: listOpenInvitations(db, actor).filter((i) => i.role !== 'patient')
	};
};

/** Parses the invitation form and runs `make`; a refusal keeps what the owner typed. */
async function inviting<T>(
	event: RequestEvent,
	make: (db: Db, actor: StaffActor, input: z.infer<typeof schema>) => T | Promise<T>
) {
	const actor = requireStaff(event, 'staff.manage');
	const stale = requireStepUp(event);
	if (stale) {
		return stale;
	}
	const data = await event.request.formData();
	const parsed = parseForm(schema, data);
	if (!parsed.ok) {
		return fail(400, { values: formObject(data), message: parsed.message });
	}
	try {
		return await make(event.locals.db, actor, parsed.data);
	} catch (e) {
		if (e instanceof InvitationError) {
			return fail(409, { values: formObject(data), message: e.message });
		}
		throw e;
	}
}

export const actions: Actions = {
	/** End or restore a team member's access (disabled=1 / disabled=0). */
	access: async (event) => {
		const actor = requireStaff(event, 'staff.manage');
		const stale = requireStepUp(event);
		if (stale) {
			return stale;
		}
		const data = await event.request.formData();
		const disabled = data.get('disabled') === '1';
		try {
			const done = setStaffAccess(
				event.locals.db,
				actor,
				String(data.get('userId') ?? ''),
				disabled
			);
			if (!done) {
				notFound();
			}
			return {
				accessChanged: `${done.name} ${disabled ? 'can no longer sign in.' : 'can sign in again.'}`
			};
		} catch (e) {
			if (e instanceof StaffAccessError) {
				return fail(409, { accessMessage: e.message });
			}
			throw e;
		}
	},
	/** Removes a member's second factors (lost phone and codes) and signs them out everywhere. */
	resetFactors: async (event) => {
		const actor = requireStaff(event, 'staff.manage');
		const stale = requireStepUp(event);
		if (stale) {
			return stale;
		}
		const data = await event.request.formData();
		try {
			const done = resetSecondFactors(event.locals.db, actor, String(data.get('userId') ?? ''));
			if (!done) {
				notFound();
			}
			return {
				accessChanged: `Two-step sign-in is reset for ${done.name}. They sign in with their password next and set it up again.`
			};
		} catch (e) {
			if (e instanceof FactorResetError) {
				return fail(409, { accessMessage: e.message });
			}
			throw e;
		}
	},
	/** By email to the address the owner typed. */
	invite: (event) =>
		inviting(event, (db, actor, input) => ({
			inviteSent: sentNote(inviteStaff(db, actor, input).invitation)
		})),
	/** The same, but the link is shown to the owner once, to hand over in person. */
	handOver: (event) =>
		inviting(event, async (db, actor, input) => ({
			invite: await inviteLink(event.url.origin, handOverStaffLink(db, actor, input))
		})),
	/** Sends an open invitation again by email; the earlier link stops working at once. */
	resendInvite: (event) => {
		requireStaff(event, 'staff.manage');
		return resendInviteAction(event);
	},
	/** Withdraws an open invitation: its link stops working at once. */
	cancelInvite: (event) => {
		requireStaff(event, 'staff.manage');
		return cancelInviteAction(event);
	}
};
