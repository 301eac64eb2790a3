import { fail, type RequestEvent } from '@sveltejs/kit';
import { notFound, requireStaff } from '../auth/guard';
import { InvitationError, cancelInvitation, confirmPatientInvitation } from './invitations';
import { qrSvg } from '../platform/qr';

/**
 * The two invitation actions the staff pages share (the patient page, the invitations list,
 * the staff page), so each is written once. The link is returned only to a person who may
 * issue it: confirming asks for photo access (`portal.manage`).
 */
async function invitationId(event: RequestEvent): Promise<string> {
	return String((await event.request.formData()).get('invitationId') ?? '');
}

export async function confirmInviteAction(event: RequestEvent) {
	const actor = requireStaff(event, 'portal.manage');
	try {
		const issued = confirmPatientInvitation(event.locals.db, actor, await invitationId(event));
		if (!issued) {
			notFound();
		}
		const { token, invitation } = issued;
		const link = `${event.url.origin}/invite/${token}`;
		return {
			invite: { name: invitation.name, email: invitation.email, link, qr: await qrSvg(link) }
		};
	} catch (e) {
		if (e instanceof InvitationError) {
			return fail(409, { inviteMessage: e.message });
		}
		throw e;
	}
}

export async function cancelInviteAction(event: RequestEvent) {
	const actor = requireStaff(event, 'patient.invite');
	if (!cancelInvitation(event.locals.db, actor, await invitationId(event))) {
		notFound();
	}
	return { inviteCancelled: true };
}
