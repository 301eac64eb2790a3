import { notFound } from '$lib/server/auth/guard';
import {
	InvitationError,
	cancelInvitation,
	confirmPatientInvitation,
	invitePatient
} from '$lib/server/invitations/invitations';
import { inviteLink, invitationId } from '$lib/server/invitations/invitation-actions';
import { PortalAccessError, setPortalAccess } from '$lib/server/patients/portal-access';
import type { Actions } from './$types';
import { actingOn } from './acting.server';
import { answersFor } from './area-result';

const { done, refusing } = answersFor('portal');

export const portalActions = {
	/** To the address on file: a link for clinical staff, a request (no link yet) for front desk. */
	invite: async (event) => {
		const { db, actor, patient } = actingOn(event, 'patient.invite');
		return refusing(InvitationError, 409, 'invite', async () => {
			const invite = await inviteLink(event.url.origin, invitePatient(db, actor, patient));
			return done('invite', { invite });
		});
	},
	/** A clinician or the owner issues the link a front desk asked for. */
	confirmInvite: async (event) => {
		const { db, actor } = actingOn(event, 'portal.manage');
		const id = await invitationId(event);
		return refusing(InvitationError, 409, 'confirmInvite', async () => {
			const issued = confirmPatientInvitation(db, actor, id) ?? notFound();
			return done('confirmInvite', { invite: await inviteLink(event.url.origin, issued) });
		});
	},
	cancelInvite: async (event) => {
		const { db, actor } = actingOn(event, 'patient.invite');
		if (!cancelInvitation(db, actor, await invitationId(event))) {
			notFound();
		}
		return done('cancelInvite');
	},
	/** Ends (enabled=0) or restores (enabled=1) the patient's portal sign-in. */
	portalAccess: async (event) => {
		const { db, actor, patient } = actingOn(event, 'portal.manage');
		const enabled = (await event.request.formData()).get('enabled') === '1';
		return refusing(PortalAccessError, 409, 'portalAccess', () => {
			setPortalAccess(db, actor, patient, enabled);
			return done('portalAccess', { enabled });
		});
	}
} satisfies Actions;
