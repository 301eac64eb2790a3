import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { consent, consentText } from '../db/schema';
import { photoTestClinic } from '$test/support/photo-clinic';
import { recordConsent } from './consents';
import {
	WordingError,
	currentWording,
	outdatedConsents,
	saveWording,
	wordingByVersion,
	wordingHistory
} from './wording';
import { CONSENT_TEXTS } from '../../domain/consent-texts';
import { bilevelPng } from '$test/fixtures/bad-inputs/png-bytes';

const SIGNATURE = `data:image/png;base64,${bilevelPng(600, 180).toString('base64')}`;

let c: ReturnType<typeof photoTestClinic>;
beforeEach(() => (c = photoTestClinic()));
afterEach(() => c.cleanup());

const sign = (patient: ReturnType<typeof c.addPatient>, at: Date) =>
	recordConsent(
		c.db,
		c.actor,
		patient,
		{
			scope: 'gallery_public',
			signedName: patient.displayName,
			signature: SIGNATURE,
			expiresAt: null
		},
		at
	);

describe('clinic-editable consent wording', () => {
	it('starts from the built-in wording, as version 1', () => {
		const w = currentWording(c.db, c.clinic.id, 'gallery_public');
		expect(w).toMatchObject({ seq: 1, builtIn: true, text: CONSENT_TEXTS.gallery_public.text });
	});

	it('saving makes a new version and never changes a consent given on an older one', () => {
		const p = c.addPatient();
		const before = sign(p, new Date(Date.now() - 60_000));
		expect(before.textVersion).toBe(CONSENT_TEXTS.gallery_public.version);

		const v2 = saveWording(c.db, c.clinic.id, c.clinician.id, {
			scope: 'gallery_public',
			text: 'New wording: the clinic may show my skin, not my face.',
			material: true,
			note: 'faces never shown'
		});
		expect(v2).toMatchObject({ seq: 2, version: 'gallery-public-v2', builtIn: false });

		// the earlier consent still reads the wording its signer saw
		const stored = c.db.select().from(consent).where(eq(consent.id, before.id)).get()!;
		expect(stored.textVersion).toBe(CONSENT_TEXTS.gallery_public.version);
		expect(wordingByVersion(c.db, c.clinic.id, stored.textVersion)?.text).toBe(
			CONSENT_TEXTS.gallery_public.text
		);
		// a new consent is given on the new version
		const after = sign(c.addPatient(), new Date());
		expect(wordingByVersion(c.db, c.clinic.id, after.textVersion)?.text).toBe(v2.text);
		expect(wordingHistory(c.db, c.clinic.id, 'gallery_public').map((w) => w.seq)).toEqual([2, 1]);
	});

	it('refuses to save the wording already in use', () => {
		expect(() =>
			saveWording(c.db, c.clinic.id, c.clinician.id, {
				scope: 'treatment',
				text: `  ${CONSENT_TEXTS.treatment.text}  `,
				material: false,
				note: ''
			})
		).toThrow(WordingError);
	});

	it('the database refuses to edit or delete a saved version', () => {
		saveWording(c.db, c.clinic.id, c.clinician.id, {
			scope: 'treatment',
			text: 'Version two.',
			material: false,
			note: ''
		});
		expect(() => c.db.update(consentText).set({ text: 'rewritten' }).run()).toThrow(/never edited/);
		expect(() => c.db.delete(consentText).run()).toThrow(/never deleted/);
	});

	it('lists the patients whose consent predates the latest material change', () => {
		const old = c.addPatient();
		sign(old, new Date(Date.now() - 120_000));
		saveWording(c.db, c.clinic.id, c.clinician.id, {
			scope: 'gallery_public',
			text: 'Typo fixed.',
			material: false,
			note: ''
		});
		// a change that is not material asks no one to sign again
		expect(outdatedConsents(c.db, c.clinic.id, 'gallery_public')).toEqual([]);
		saveWording(c.db, c.clinic.id, c.clinician.id, {
			scope: 'gallery_public',
			text: 'Material change.',
			material: true,
			note: ''
		});
		const resigned = c.addPatient();
		sign(resigned, new Date(Date.now() - 60_000));
		const listed = outdatedConsents(c.db, c.clinic.id, 'gallery_public');
		expect(listed.map((o) => o.patientId)).toEqual([old.id]);
		expect(listed[0].signedSeq).toBe(1);
		// once the patient signs the new wording, they drop off the list
		sign(old, new Date());
		expect(outdatedConsents(c.db, c.clinic.id, 'gallery_public')).toEqual([]);
	});
});
