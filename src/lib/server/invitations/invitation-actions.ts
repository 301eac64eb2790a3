import { fail, type RequestEvent } from '@sveltejs/kit';
import { notFound, requireStaff } from '../auth/guard';
import { InvitationError, cancelInvitation, confirmPatientInvitation } from './invitations';
import { qrSvg } from '../platform/qr';

/**
 * The two invitation actions the staff pages share (the patient page, the invitations list,
 * the staff page), so each is written once. The link is returned only to a person who may
 * issue it: confirming asks for photo access (`portal.manage`).
 */
export async function invitationId(event: RequestEvent): Promise<string> {
	return String((await event.request.formData()).get('invitationId') ?? '');
}

export async function confirmInviteAction(event: RequestEvent) {
	const actor = requireStaff(event, 'portal.manage');
	try {
		const issued = confirmPatientInvitation(event.locals.db, actor, await invitationId(event));
		if (!issued) {
			notFound();
		}
		return { invite: await inviteLink(event.url.origin, issued) };
	} catch (e) {
		if (e instanceof InvitationError) {
			return fail(409, { inviteMessage: e.message });
		}
		throw e;
	}
}

/**
 * What the person who hands a link over is shown, once: the link, its QR code and the address
 * it is for. Null for a request that has no link yet.
 */
export async function inviteLink(
	origin: string,
	{ token, invitation }: { token: string | null; invitation: { name: string; email: string } }
) {
	if (!token) {
		return null;
	}
	const link = `${origin}/invite/${token}`;
	return { name: invitation.name, email: invitation.email, link, qr: await qrSvg(link) };
}

export async function cancelInviteAction(event: RequestEvent) {
	const actor = requireStaff(event, 'patient.invite');
	if (!cancelInvitation(event.locals.db, actor, await invitationId(event))) {
		notFound();
	}
	return { inviteCancelled: true };
}
