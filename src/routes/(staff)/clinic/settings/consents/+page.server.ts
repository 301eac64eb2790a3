import { fail } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { can, requireStaff } from '$lib/server/auth/guard';
import { requireStepUp } from '$lib/server/auth/step-up';
import { clinicTimeZone } from '$lib/server/clinic/clinic';
import {
	outdatedConsents,
	saveWording,
	wordingHistory,
	WordingError
} from '$lib/server/consents/wording';
import { parseWordingForm } from '$lib/server/consents/wording-form';
import { CONSENT_LABELS, CONSENT_SCOPES } from '$lib/domain/consent';

// Everyone who records consents reads what each says (front desk hands the patient the pad);
// only the owner rewords them, after a fresh proof, like the clinic's messages.
export const load: PageServerLoad = (event) => {
	const actor = requireStaff(event, 'consent.record');
	const db = event.locals.db;
	return {
		timeZone: clinicTimeZone(db, actor.clinicId),
		canEdit: can(actor.user.role, 'clinic.settings'),
		scopes: CONSENT_SCOPES.map((scope) => ({
			scope,
			label: CONSENT_LABELS[scope],
			versions: wordingHistory(db, actor.clinicId, scope),
			outdated: outdatedConsents(db, actor.clinicId, scope)
		}))
	};
};

export const actions: Actions = {
	save: async (event) => {
		const actor = requireStaff(event, 'clinic.settings');
		const stale = requireStepUp(event);
		if (stale) {
			return stale;
		}
		const data = await event.request.formData();
		const parsed = parseWordingForm(data);
		const scope = String(data.get('scope') ?? '');
		const typed = {
			text: String(data.get('text') ?? ''),
			note: String(data.get('note') ?? ''),
			material: data.get('material') === 'on'
		};
		if (!parsed.ok) {
			return fail(400, { scope, message: parsed.message, values: typed });
		}
		try {
			const saved = saveWording(event.locals.db, actor.clinicId, actor.user.id, parsed.data);
			return { scope, message: null, saved: saved.seq };
		} catch (e) {
			if (e instanceof WordingError) {
				return fail(400, { scope, message: e.message, values: typed });
			}
			throw e;
		}
	}
};
