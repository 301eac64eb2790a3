import { error } from '@sveltejs/kit';
import { noticeByToken, unsubscribeByToken } from '$lib/server/mail/patient-mail';
import type { Actions, PageServerLoad } from './$types';

// No sign-in: the link mailed to the patient is the only authority. GET only asks (link
// scanners open links); a POST unsubscribes — a mail client's one-click (RFC 8058, body
// `List-Unsubscribe=One-Click`, from no page of ours: see http/csrf.ts) or the button.
export const load: PageServerLoad = (event) => {
	const notice = noticeByToken(event.locals.db, event.params.token);
	if (!notice) {
		error(404, 'Not found');
	}
	return {
		...notice,
		unsubscribed: notice.unsubscribedAt !== null,
		resubscribed: event.url.searchParams.has('resubscribed')
	};
};

export const actions = {
	default: (event) => {
		if (!unsubscribeByToken(event.locals.db, event.params.token)) {
			error(404, 'Not found');
		}
		return { unsubscribed: true };
	}
} satisfies Actions;
