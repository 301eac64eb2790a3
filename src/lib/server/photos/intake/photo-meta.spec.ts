import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { writeTx } from '../../db/client';
import { clinic } from '../../db/schema';
import { parsePhotoMeta } from './ingest';
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
