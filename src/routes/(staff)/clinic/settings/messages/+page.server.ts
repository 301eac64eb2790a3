import { fail } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { can, requireStaff } from '$lib/server/auth/guard';
import { parseKindForm, parseTemplateForm } from '$lib/server/mail/template-form';
import {
	messageTemplates,
	restoreMailTemplate,
	saveMailTemplate,
	TemplateRefused
} from '$lib/server/mail/template-settings';
import type { MailKind } from '$lib/domain/mail-kinds';
import { requireStepUp } from '$lib/server/auth/step-up';

// Every staff member reads what the clinic's messages say (a patient may ask about one); only
// the owner rewords them. Settings itself is the owner's, so this page checks its own permission.
export const load: PageServerLoad = (event) => {
	const actor = requireStaff(event, 'mail.templates.read');
	return {
		templates: messageTemplates(event.locals.db, actor),
		canEdit: can(actor.user.role, 'mail.templates.edit')
	};
};

/** Each message's card takes only its own answer: `area` is the message's kind. */
const answer = <K extends 'save' | 'restore'>(area: MailKind | null, action: K) => ({
	done: () => ({ area, action, message: null }),
	refused: (message: string, values?: { subject: string; body: string }) =>
		fail(400, { area, action, message, values })
});

export const actions: Actions = {
	save: async (event) => {
		const actor = requireStaff(event, 'mail.templates.edit');
		const stale = requireStepUp(event);
		if (stale) {
			return stale;
		}
		const data = await event.request.formData();
		const parsed = parseTemplateForm(data);
		const which = parseKindForm(data);
		const { done, refused } = answer(which.ok ? which.data.kind : null, 'save');
		const typed = {
			subject: String(data.get('subject') ?? ''),
			body: String(data.get('body') ?? '')
		};
		if (!parsed.ok) {
			return refused(parsed.message, typed);
		}
		try {
			saveMailTemplate(event.locals.db, actor, parsed.data.kind, parsed.data);
		} catch (e) {
			if (e instanceof TemplateRefused) {
				return refused(e.message, typed);
			}
			throw e;
		}
		return done();
	},
	restore: async (event) => {
		const actor = requireStaff(event, 'mail.templates.edit');
		const stale = requireStepUp(event);
		if (stale) {
			return stale;
		}
		const parsed = parseKindForm(await event.request.formData());
		if (!parsed.ok) {
			return answer(null, 'restore').refused(parsed.message);
		}
		restoreMailTemplate(event.locals.db, actor, parsed.data.kind);
		return answer(parsed.data.kind, 'restore').done();
	}
};
