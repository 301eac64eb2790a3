import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { writeTx } from '../../db/client';
import { clinic } from '../../db/schema';
import { parsePhotoMeta } from './ingest';
import { NO_SESSION } from '../../../domain/photo-filing';
import { photoTestClinic } from '$test/support/photo-clinic';

let c: ReturnType<typeof photoTestClinic>;
beforeEach(() => (c = photoTestClinic()));
afterEach(() => c.cleanup());

describe('parsePhotoMeta', () => {
	it('a photo with neither session nor date was taken today on the clinic’s calendar', () => {
		const p = c.addPatient();
		const zone = (timeZone: string) =>
			writeTx(c.db, (tx) =>
				tx.update(clinic).set({ settings: { timeZone } }).where(eq(clinic.id, c.clinic.id)).run()
			);
		// 9 am on the 24th in Sydney is 22:00 on the 23rd in UTC
		const now = new Date('2026-11-23T22:00:00Z');
		zone('Australia/Sydney');
		expect(parsePhotoMeta(c.db, p, { view: 'front' }, now).takenOn).toBe('2026-11-24');
		zone('UTC');
		expect(parsePhotoMeta(c.db, p, { view: 'front' }, now).takenOn).toBe('2026-11-23');
		expect(parsePhotoMeta(c.db, p, { view: 'front', takenOn: '2026-10-01' }, now).takenOn).toBe(
			'2026-10-01'
		);
	});
});

describe('the staff form must say which session', () => {
	const chosen = { sessionChosen: true };

	it('refuses a form post that names no session, however it lost the field', () => {
		const p = c.addPatient();
		const posts: Record<string, string>[] = [{ view: 'front' }, { view: 'front', sessionId: '' }];
		for (const fields of posts) {
			expect(() => parsePhotoMeta(c.db, p, fields, new Date(), chosen)).toThrow(
				/Choose the session these photos belong to/
			);
		}
	});

	it('files a chosen follow-up under no session, and the API may still leave it out', () => {
		const p = c.addPatient();
		const followUp = { view: 'left45', sessionId: NO_SESSION };
		expect(parsePhotoMeta(c.db, p, followUp, new Date(), chosen).sessionId).toBeNull();
		expect(parsePhotoMeta(c.db, p, { view: 'front' }).sessionId).toBeNull();
	});

	it('refuses a session of another patient', () => {
		const p = c.addPatient();
		expect(() =>
			parsePhotoMeta(c.db, p, { view: 'front', sessionId: 'not-theirs' }, new Date(), chosen)
		).toThrow(/does not exist for this patient/);
	});
});
