import { clinicTimeZone } from '$lib/server/clinic/clinic';
import { ConsentError, recordConsents, revokeConsent } from '$lib/server/consents/consents';
import { parseConsentForm } from '$lib/server/consents/consent-form';
import { getStore } from '$lib/server/storage';
import type { Actions } from './$types';
import { actingOn } from './acting.server';
import { answersFor } from './area-result';

const { done, refused, refusing } = answersFor('consents');

export const consentActions = {
	recordConsent: async (event) => {
		const { db, actor, patient } = actingOn(event, 'consent.record');
		const form = await event.request.formData();
		const parsed = await parseConsentForm(form, clinicTimeZone(db, actor.clinicId));
		if (!parsed.ok) {
			return refused(400, 'recordConsent', parsed.message);
		}
		return refusing(ConsentError, 400, 'recordConsent', () => {
			const rows = recordConsents(db, actor, patient, parsed.data);
			return done('recordConsent', { scopes: rows.map((r) => r.scope) });
		});
	},
	revokeConsent: async (event) => {
		const { db, actor, patient } = actingOn(event, 'consent.record');
		const data = await event.request.formData();
		const reason = String(data.get('reason') ?? '').trim();
		if (!reason) {
			return refused(400, 'revokeConsent', 'Write down the reason the patient gave.');
		}
		const consentId = String(data.get('consentId') ?? '');
		return refusing(ConsentError, 409, 'revokeConsent', async () => {
			await revokeConsent(db, getStore(), actor, patient, consentId, reason.slice(0, 300));
			return done('revokeConsent');
		});
	}
} satisfies Actions;
