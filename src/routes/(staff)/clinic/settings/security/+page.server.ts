import { fail } from '@sveltejs/kit';
import { z } from 'zod';
import type { Actions, PageServerLoad } from './$types';
import { requireStaff } from '$lib/server/auth/guard';
import { requireStepUp } from '$lib/server/auth/step-up';
import { setTwoFactorPolicy, twoFactorPolicyView } from '$lib/server/clinic/two-factor-policy';
import { parseForm } from '$lib/server/http/validation';

const policyForm = z.object({
	require: z.enum(['on', 'off'], 'Choose whether two-step sign-in is required.')
});

export const load: PageServerLoad = (event) => {
	const actor = requireStaff(event, 'clinic.settings');
	return { policy: twoFactorPolicyView(event.locals.db, actor), me: actor.user.id };
};

export const actions: Actions = {
	policy: async (event) => {
		const actor = requireStaff(event, 'clinic.settings');
		const parsed = parseForm(policyForm, await event.request.formData());
		if (!parsed.ok) {
			return fail(400, { message: parsed.message });
		}
		const refused = requireStepUp(event);
		if (refused) {
			return refused;
		}
		const out = setTwoFactorPolicy(event.locals.db, actor, parsed.data.require === 'on');
		return out.ok
			? { message: null, saved: parsed.data.require }
			: fail(out.status, { message: out.message });
	}
};
