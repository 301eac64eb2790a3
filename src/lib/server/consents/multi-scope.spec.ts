import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { auditEvent, consent } from '../db/schema';
import { photoTestClinic } from '$test/support/photo-clinic';
import { ConsentError, consentOffers, recordConsents } from './consents';
import { parseConsentForm } from './consent-form';
import { saveWording } from './wording';
import { CONSENT_TEXTS } from '../../domain/consent-texts';
import { bilevelPng } from '$test/fixtures/bad-inputs/png-bytes';

const SIGNATURE = `data:image/png;base64,${bilevelPng(600, 180).toString('base64')}`;

let c: ReturnType<typeof photoTestClinic>;
beforeEach(() => (c = photoTestClinic()));
afterEach(() => c.cleanup());

const rowsOf = (patientId: string) =>
	c.db.select().from(consent).where(eq(consent.patientId, patientId)).all();
const grantsAudited = () =>
	c.db.select().from(auditEvent).where(eq(auditEvent.action, 'consent_grant')).all();

describe('one signing for several scopes', () => {
	it('makes one row per scope ticked, each under its own scope’s current wording', () => {
		const v2 = saveWording(c.db, c.clinic.id, c.clinician.id, {
			scope: 'treatment',
			text: 'I agree to microneedling of the areas we discussed, in our clinic’s words.',
			material: true,
			note: ''
		});
		const p = c.addPatient(false);
		const rows = recordConsents(c.db, c.actor, p, {
			scopes: ['treatment', 'photos_private'],
			signedName: 'Pat Test',
			signature: SIGNATURE,
			expiresAt: null
		});
		expect(rows.map((r) => [r.scope, r.textVersion])).toEqual([
			['treatment', v2.version],
			['photos_private', CONSENT_TEXTS.photos_private.version]
		]);
		const stored = rowsOf(p.id);
		expect(stored).toHaveLength(2);
		// one signature, one moment, one recorder: the rows differ only in scope and wording
		for (const r of stored) {
			expect(r).toMatchObject({
				signedName: 'Pat Test',
				signature: SIGNATURE,
				recordedBy: c.clinician.id,
				grantedAt: stored[0].grantedAt,
				revokedAt: null
			});
		}
		// gallery was not ticked, so there is none
		expect(stored.some((r) => r.scope === 'gallery_public')).toBe(false);
		// each consent has its own audit row naming it
		expect(
			grantsAudited()
				.map((a) => a.targetId)
				.sort()
		).toEqual(stored.map((r) => r.id).sort());
	});

	it('is one transaction: a refused scope leaves no row and no audit of the others', () => {
		const p = c.addPatient(false);
		recordConsents(c.db, c.actor, p, {
			scopes: ['photos_private'],
			signedName: 'Pat Test',
			signature: SIGNATURE,
			expiresAt: null
		});
		const before = { rows: rowsOf(p.id).length, audits: grantsAudited().length };
		// treatment would be written first; photos_private is in force on the current wording
		expect(() =>
			recordConsents(c.db, c.actor, p, {
				scopes: ['treatment', 'photos_private'],
				signedName: 'Pat Test',
				signature: SIGNATURE,
				expiresAt: null
			})
		).toThrow(/already in force/);
		expect(rowsOf(p.id)).toHaveLength(before.rows);
		expect(
			c.db
				.select()
				.from(consent)
				.where(and(eq(consent.patientId, p.id), eq(consent.scope, 'treatment')))
				.all()
		).toEqual([]);
		expect(grantsAudited()).toHaveLength(before.audits);
	});

	it('refuses no scope, an unknown scope and a past expiry, writing nothing', () => {
		const p = c.addPatient(false);
		const base = { signedName: 'Pat', signature: SIGNATURE, expiresAt: null };
		expect(() => recordConsents(c.db, c.actor, p, { ...base, scopes: [] })).toThrow(ConsentError);
		expect(() =>
			recordConsents(c.db, c.actor, p, {
				...base,
				scopes: ['treatment', 'marketing' as 'treatment']
			})
		).toThrow(ConsentError);
		expect(() =>
			recordConsents(c.db, c.actor, p, {
				...base,
				scopes: ['treatment'],
				expiresAt: new Date(Date.now() - 1000)
			})
		).toThrow(/future/);
		expect(rowsOf(p.id)).toEqual([]);
	});

	it('a consent on older wording may be signed again on the new one', () => {
		const p = c.addPatient(false);
		const sign = () =>
			recordConsents(c.db, c.actor, p, {
				scopes: ['gallery_public'],
				signedName: 'Pat',
				signature: SIGNATURE,
				expiresAt: null
			});
		sign();
		const offer = () =>
			consentOffers(c.db, c.clinic.id, p.id, 'UTC').find((o) => o.scope === 'gallery_public')!;
		expect(offer()).toMatchObject({ inForce: true, onOlderWording: false });
		saveWording(c.db, c.clinic.id, c.clinician.id, {
			scope: 'gallery_public',
			text: 'New gallery wording.',
			material: true,
			note: ''
		});
		expect(offer()).toMatchObject({
			inForce: false,
			onOlderWording: true,
			wording: { version: 'gallery-public-v2', text: 'New gallery wording.' }
		});
		const [again] = sign();
		expect(again.textVersion).toBe('gallery-public-v2');
		expect(rowsOf(p.id)).toHaveLength(2);
	});
});

describe('the consent form', () => {
	const form = (scopes: string[]) => {
		const f = new FormData();
		for (const s of scopes) {
			f.append('scopes', s);
		}
		f.set('signedName', 'Pat');
		f.set('signature', SIGNATURE);
		f.set('expiresOn', '');
		return parseConsentForm(f, 'UTC');
	};

	it('reads every ticked scope once', async () => {
		expect(await form(['treatment', 'gallery_public', 'treatment'])).toMatchObject({
			ok: true,
			data: { scopes: ['treatment', 'gallery_public'] }
		});
	});

	it('refuses nothing ticked and a scope that does not exist', async () => {
		expect(await form([])).toMatchObject({ ok: false, message: /Tick at least one/ });
		expect(await form(['treatment', 'marketing'])).toMatchObject({
			ok: false,
			message: 'There is no such consent to record.'
		});
	});
});
