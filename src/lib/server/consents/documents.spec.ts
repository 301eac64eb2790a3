import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { clinic } from '../db/schema';
import { photoTestClinic } from '$test/support/photo-clinic';
import { recordConsents, revokeConsent } from './consents';
import { consentDocuments } from './documents';
import { saveWording } from './wording';
import { CONSENT_TEXTS } from '../../domain/consent-texts';
import { bilevelPng } from '$test/fixtures/bad-inputs/png-bytes';

const SIGNATURE = `data:image/png;base64,${bilevelPng(600, 180).toString('base64')}`;

let c: ReturnType<typeof photoTestClinic>;
beforeEach(() => (c = photoTestClinic()));
afterEach(() => c.cleanup());

describe('a consent document', () => {
	it('keeps the wording of the version it was given on after the wording changes', async () => {
		c.db
			.update(clinic)
			.set({ settings: { timeZone: 'Australia/Sydney' } })
			.where(eq(clinic.id, c.clinic.id))
			.run();
		const p = c.addPatient(false);
		const at = new Date('2026-07-01T03:04:00Z');
		const [given] = recordConsents(
			c.db,
			c.actor,
			p,
			{
				scopes: ['gallery_public'],
				signedName: 'Pat Guardian',
				signature: SIGNATURE,
				expiresAt: new Date('2027-07-01T13:59:59Z')
			},
			at
		);
		const v2 = saveWording(c.db, c.clinic.id, c.clinician.id, {
			scope: 'gallery_public',
			text: 'Changed wording the first signer never saw.',
			material: true,
			note: ''
		});
		const [doc] = consentDocuments(c.db, c.clinic.id, p.id, { consentId: given.id });
		expect(doc).toMatchObject({
			id: given.id,
			patientName: 'Pat Test',
			clinicName: 'Test clinic',
			scope: 'gallery_public',
			scopeLabel: 'Public gallery (de-identified)',
			textVersion: CONSENT_TEXTS.gallery_public.version,
			wording: {
				version: CONSENT_TEXTS.gallery_public.version,
				label: 'Version 1 (standard wording)',
				text: CONSENT_TEXTS.gallery_public.text
			},
			signedName: 'Pat Guardian',
			signature: SIGNATURE,
			timeZone: 'Australia/Sydney',
			// 03:04 UTC is 13:04 in Sydney (UTC+10 in July)
			grantedAtText: '1 Jul 2026, 13:04',
			recordedBy: c.clinician.name,
			expiresAtText: '1 Jul 2027, 23:59',
			revocation: null,
			state: 'active'
		});
		expect(doc.wording?.text).not.toBe(v2.text);

		// a consent given now names the new version, and its document reads that text
		const [later] = recordConsents(c.db, c.actor, c.addPatient(false), {
			scopes: ['gallery_public'],
			signedName: 'Sam',
			signature: SIGNATURE,
			expiresAt: null
		});
		const [laterDoc] = consentDocuments(c.db, c.clinic.id, later.patientId);
		expect(laterDoc.wording).toMatchObject({ version: v2.version, text: v2.text });
		expect(laterDoc.wording?.label).toMatch(/^Version 2, saved /);

		// withdrawal is shown with its reason, time of receipt and who took it
		await revokeConsent(c.db, c.store, c.actor, p, given.id, 'Moved abroad');
		const [revoked] = consentDocuments(c.db, c.clinic.id, p.id, { consentId: given.id });
		expect(revoked).toMatchObject({
			state: 'revoked',
			revocation: { reason: 'Moved abroad', by: c.clinician.name }
		});
		expect(revoked.wording?.text).toBe(CONSENT_TEXTS.gallery_public.text);
	});

	it('finds nothing for another patient’s or another clinic’s consent id', () => {
		const a = c.addPatient(false);
		const b = c.addPatient(false);
		const [mine] = recordConsents(c.db, c.actor, a, {
			scopes: ['treatment'],
			signedName: 'A',
			signature: SIGNATURE,
			expiresAt: null
		});
		expect(consentDocuments(c.db, c.clinic.id, a.id, { consentId: mine.id })).toHaveLength(1);
		expect(consentDocuments(c.db, c.clinic.id, b.id, { consentId: mine.id })).toEqual([]);
		expect(consentDocuments(c.db, 'another-clinic', a.id, { consentId: mine.id })).toEqual([]);
	});
});
