import { fail } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { notFound, requireStaff } from '$lib/server/auth/guard';
import { clinicTimeZone } from '$lib/server/clinic/clinic';
import { pokeWorker } from '$lib/server/platform/services';
import {
	isMailStatus,
	listOutbox,
	mailDestination,
	resendFailed
} from '$lib/server/mail/outbox-view';

export const load: PageServerLoad = (event) => {
	const actor = requireStaff(event, 'mail.outbox');
	const db = event.locals.db;
	const q = event.url.searchParams;
	const status = q.get('status');
	const filter = isMailStatus(status) ? status : undefined;
	return {
		status: filter ?? null,
		timeZone: clinicTimeZone(db, actor.clinicId),
		destination: mailDestination(),
		...listOutbox(db, actor, { status: filter, page: Number(q.get('page')) || 1 })
	};
};

export const actions: Actions = {
	resend: async (event) => {
		const actor = requireStaff(event, 'mail.outbox');
		const data = await event.request.formData();
		const outcome = resendFailed(event.locals.db, actor, String(data.get('mailId') ?? ''));
		if (outcome === null) {
			notFound();
		}
		if (outcome === 'link_expired') {
			return fail(409, {
				message:
					'The link in that message has expired, so sending it again would not help. Send a new password reset or invitation instead.'
			});
		}
		// the worker would find it within seconds anyway; the owner is watching now
		pokeWorker();
		return { resent: true };
	}
};
