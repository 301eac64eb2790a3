import { notFound } from '$lib/server/auth/guard';
import {
	InvitationError,
	cancelInvitation,
	handOverPatientLink,
	invitePatient,
	resendInvitation
} from '$lib/server/invitations/invitations';
import { inviteLink, invitationId, sentNote } from '$lib/server/invitations/invitation-actions';
import { PortalAccessError, setPortalAccess } from '$lib/server/patients/portal-access';
import type { Actions } from './$types';
import { actingOn } from './acting.server';
import { answersFor } from './area-result';

const { done, refusing } = answersFor('portal');

export const portalActions = {
	/** By email to the address on file, from anyone who may invite (replaces an open one). */
	invite: async (event) => {
		const { db, actor, patient } = actingOn(event, 'patient.invite');
		return refusing(InvitationError, 409, 'invite', () => {
			const { invitation } = invitePatient(db, actor, patient);
			return done('invite', { sent: sentNote(invitation) });
		});
	},
	/** "Send" on a request from before invitations were mailed (its own row is replaced). */
	resendInvite: async (event) => {
		const { db, actor } = actingOn(event, 'patient.invite');
		const id = await invitationId(event);
		return refusing(InvitationError, 409, 'resendInvite', () => {
			const sent = resendInvitation(db, actor, id) ?? notFound();
			return done('resendInvite', { sent: sentNote(sent.invitation) });
		});
	},
	/** The patient is in the chair: a clinician or the owner is shown a fresh link and QR, once. */
	handOver: async (event) => {
		const { db, actor, patient } = actingOn(event, 'portal.manage');
		return refusing(InvitationError, 409, 'handOver', async () => {
			const issued = handOverPatientLink(db, actor, patient);
			return done('handOver', { handOver: await inviteLink(event.url.origin, issued) });
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
