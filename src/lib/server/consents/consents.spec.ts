import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { consent, course, galleryCase, photo } from '../db/schema';
import { photoTestClinic } from '$test/support/photo-clinic';
import { ConsentError, recordConsent, revokeConsent } from './consents';
import { parseConsentForm } from './consent-form';
import { hasActivePhotoConsent } from '../photos/intake/ingest';
import { bilevelPng } from '$test/fixtures/bad-inputs/png-bytes';

/** A whole 600 × 180 PNG, the size the signature pad draws. */
const SIGNATURE = `data:image/png;base64,${bilevelPng(600, 180).toString('base64')}`;

let c: ReturnType<typeof photoTestClinic>;
beforeEach(() => (c = photoTestClinic()));
afterEach(() => c.cleanup());

function publishedCase(patientId: string) {
	const co = c.db
		.insert(course)
		.values({
			clinicId: c.clinic.id,
			patientId,
			concern: 'acne_scars',
			plannedSessions: 3,
			intervalWeeks: 4,
			startedOn: '2026-01-01'
		})
		.returning()
		.get();
	const ph = c.db
		.insert(photo)
		.values({
			clinicId: c.clinic.id,
			patientId,
			view: 'front',
			takenOn: '2026-01-01',
			status: 'ready',
			sha256: 'x',
			originalKey: 'k',
			originalType: 'image/jpeg',
			originalBytes: 1,
			uploadedBy: c.clinician.id
		})
		.returning()
		.get();
	return c.db
		.insert(galleryCase)
		.values({
			clinicId: c.clinic.id,
			patientId,
			courseId: co.id,
			beforePhotoId: ph.id,
			afterPhotoId: ph.id,
			view: 'front',
			title: 't',
			concern: 'acne_scars',
			area: 'cheeks',
			sessionsCount: 3,
			weeksElapsed: 12,
			status: 'published',
			publishedAt: new Date(),
			createdBy: c.clinician.id
		})
		.returning()
		.get();
}

describe('consents', () => {
	it('records the current wording, the typed name and the drawn signature', () => {
		const p = c.addPatient(false);
		const row = recordConsent(c.db, c.actor, p, {
			scope: 'photos_private',
			signedName: 'Pat Test',
			signature: SIGNATURE,
			expiresAt: null
		});
		expect(row).toMatchObject({
			textVersion: 'photos-private-2026-01',
			signedName: 'Pat Test',
			signature: SIGNATURE,
			recordedBy: c.clinician.id
		});
		expect(hasActivePhotoConsent(c.db, p.id)).toBe(true);
	});

	it('revocation is effective at once and stops uploads', async () => {
		const p = c.addPatient(true);
		const active = c.db.select().from(consent).where(eq(consent.patientId, p.id)).get()!;
		await revokeConsent(c.db, c.store, c.actor, p, active.id, 'changed mind');
		expect(hasActivePhotoConsent(c.db, p.id)).toBe(false);
		const row = c.db.select().from(consent).where(eq(consent.id, active.id)).get()!;
		expect(row.revokedReason).toBe('changed mind');
		expect(row.revokedAt).toBeInstanceOf(Date);
		await expect(revokeConsent(c.db, c.store, c.actor, p, active.id, 'again')).rejects.toThrow(
			ConsentError
		);
	});

	it('revoking gallery_public withdraws the patient’s published cases in the same transaction', async () => {
		const p = c.addPatient(true);
		const g = recordConsent(c.db, c.actor, p, {
			scope: 'gallery_public',
			signedName: 'Pat',
			signature: SIGNATURE,
			expiresAt: null
		});
		const published = publishedCase(p.id);
		const other = publishedCase(c.addPatient(true).id);
		const { withdrawnCases } = await revokeConsent(c.db, c.store, c.actor, p, g.id, 'no longer');
		expect(withdrawnCases).toEqual([published.id]);
		expect(
			c.db.select().from(galleryCase).where(eq(galleryCase.id, published.id)).get()?.status
		).toBe('withdrawn');
		expect(c.db.select().from(galleryCase).where(eq(galleryCase.id, other.id)).get()?.status).toBe(
			'published'
		);
	});

	it('a consent with an expiry lapses by itself', () => {
		const p = c.addPatient(false);
		const now = new Date('2026-06-01T10:00:00Z');
		recordConsent(
			c.db,
			c.actor,
			p,
			{
				scope: 'photos_private',
				signedName: 'Pat',
				signature: SIGNATURE,
				expiresAt: new Date('2026-07-01T00:00:00Z')
			},
			now
		);
		expect(hasActivePhotoConsent(c.db, p.id, new Date('2026-06-30T00:00:00Z'))).toBe(true);
		expect(hasActivePhotoConsent(c.db, p.id, new Date('2026-07-01T00:00:01Z'))).toBe(false);
	});

	it('refuses a missing or forged signature', async () => {
		const form = (signature: string) => {
			const f = new FormData();
			f.set('scopes', 'treatment');
			f.set('signedName', 'Pat');
			f.set('signature', signature);
			return parseConsentForm(f, 'UTC');
		};
		const png = (bytes: Buffer) => `data:image/png;base64,${bytes.toString('base64')}`;
		const whole = bilevelPng(600, 180);
		const magic = whole.subarray(0, 8);
		expect(await form('')).toMatchObject({ ok: false, message: expect.stringMatching(/sign/) });
		expect(await form('data:image/svg+xml;base64,PHN2Zz4=')).toMatchObject({ ok: false });
		expect(await form(png(Buffer.from('<html>')))).toMatchObject({ ok: false });
		for (const [what, bytes] of [
			['the magic and two bytes', Buffer.concat([magic, Buffer.alloc(2)])],
			['the magic and junk', Buffer.concat([magic, Buffer.from('junk '.repeat(100))])],
			['a truncated PNG', whole.subarray(0, whole.length - 20)],
			['a PNG cut before IEND', whole.subarray(0, whole.length - 12)],
			['a PNG with a script after IEND', Buffer.concat([whole, Buffer.from('<script>')])],
			['a 5000 × 5000 PNG', bilevelPng(5000, 5000)]
		] as const) {
			expect(await form(png(bytes)), what).toMatchObject({
				ok: false,
				message: expect.stringMatching(/could not be read|too large/)
			});
		}
		expect(await form(`data:image/png;base64,${'A'.repeat(5_000_000)}`)).toMatchObject({
			ok: false,
			message: expect.stringMatching(/too large/)
		});
		expect(await form(SIGNATURE)).toMatchObject({ ok: true });
	});

	it('an expiry date lasts to the end of that day on the clinic’s calendar', async () => {
		const form = (expiresOn: string, zone: string) => {
			const f = new FormData();
			f.set('scopes', 'treatment');
			f.set('signedName', 'Pat');
			f.set('signature', SIGNATURE);
			f.set('expiresOn', expiresOn);
			return parseConsentForm(f, zone);
		};
		// Sydney is UTC+10 in July: its 1 July ends at 13:59:59 UTC
		expect(await form('2026-07-01', 'Australia/Sydney')).toMatchObject({
			ok: true,
			data: { expiresAt: new Date('2026-07-01T13:59:59Z') }
		});
		expect(await form('2026-07-01', 'America/Los_Angeles')).toMatchObject({
			ok: true,
			data: { expiresAt: new Date('2026-07-02T06:59:59Z') }
		});
		expect(await form('2026-02-30', 'UTC')).toMatchObject({
			ok: false,
			message: expect.stringMatching(/as a date/)
		});
	});
});
