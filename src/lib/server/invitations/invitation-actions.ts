import { fail, type RequestEvent } from '@sveltejs/kit';
import { notFound, requireStaff } from '../auth/guard';
import { InvitationError, cancelInvitation, resendInvitation } from './invitations';
import { qrSvg } from '../platform/qr';

/**
 * The invitation actions the staff pages share (the patient page, the invitations list, the
 * staff page), so each is written once. Neither returns a link: sending again goes by email.
 */
export async function invitationId(event: RequestEvent): Promise<string> {
	return String((await event.request.formData()).get('invitationId') ?? '');
}

/** "Send again" (or "Send", for a request from before invitations were mailed). */
export async function resendInviteAction(event: RequestEvent) {
	const actor = requireStaff(event, 'patient.invite');
	try {
		const sent = resendInvitation(event.locals.db, actor, await invitationId(event));
		if (!sent) {
			notFound();
		}
		return { inviteSent: sentNote(sent.invitation) };
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

/** What a page says after sending: to whom and where (the address the sender may see). */
export function sentNote(invitation: { name: string; email: string }) {
	return { name: invitation.name, email: invitation.email };
}

/**
 * What the clinician or owner handing a link over in person is shown, once: the link, its QR
 * code and the address it is for. Only ever called for roles allowed to hold the link.
 */
export async function inviteLink(
	origin: string,
	{ token, invitation }: { token: string; invitation: { name: string; email: string } }
) {
	const link = `${origin}/invite/${token}`;
	return { name: invitation.name, email: invitation.email, link, qr: await qrSvg(link) };
}
