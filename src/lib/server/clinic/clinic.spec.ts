import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { writeTx } from '../db/client';
import { clinic } from '../db/schema';
import { tempDb } from '$test/support/test-db';
import { clinicSettings, clinicToday, createClinic, getClinic, serverTimeZone } from './clinic';

let t: ReturnType<typeof tempDb>;
const serverZone = process.env.TZ;
beforeEach(() => (t = tempDb()));
afterEach(() => {
	t.cleanup();
	// Node reads TZ afresh, so each test may set the server's clock to a zone of its own
	if (serverZone === undefined) {
		delete process.env.TZ;
	} else {
		process.env.TZ = serverZone;
	}
});

const newClinic = (slug: string) =>
	createClinic(t.db, {
		clinicName: slug,
		slug,
		ownerName: 'Owner',
		email: `owner@${slug}.test`,
		password: 'a long enough password'
	});

const setSettings = (clinicId: string, settings: object) =>
	writeTx(t.db, (tx) => tx.update(clinic).set({ settings }).where(eq(clinic.id, clinicId)).run());

describe('the clinic time zone', () => {
	it('a new clinic keeps the zone the server had when it was made', async () => {
		process.env.TZ = 'Asia/Tokyo';
		expect(serverTimeZone()).toBe('Asia/Tokyo');
		const { clinic: c } = await newClinic('tokyo');
		expect((c.settings as { timeZone?: string }).timeZone).toBe('Asia/Tokyo');
		process.env.TZ = 'America/Los_Angeles';
		expect(clinicSettings(getClinic(t.db, c.id)!).timeZone).toBe('Asia/Tokyo');
	});

	it('a clinic that never chose one reads as the server’s zone, whatever it is now', async () => {
		const { clinic: c } = await newClinic('older');
		setSettings(c.id, { defaultPlannedSessions: 5 });
		process.env.TZ = 'Europe/Berlin';
		expect(clinicSettings(getClinic(t.db, c.id)!)).toMatchObject({
			defaultPlannedSessions: 5,
			timeZone: 'Europe/Berlin'
		});
	});

	it('a stored zone the runtime does not know falls back to the server’s', async () => {
		process.env.TZ = 'UTC';
		const { clinic: c } = await newClinic('lost');
		setSettings(c.id, { timeZone: 'Atlantis/Capital' });
		expect(clinicSettings(getClinic(t.db, c.id)!).timeZone).toBe('UTC');
	});

	it('clinicToday is the date on the clinic’s wall clock', async () => {
		const { clinic: c } = await newClinic('sydney');
		setSettings(c.id, { timeZone: 'Australia/Sydney' });
		// 9 am in Sydney, still the 23rd in UTC
		expect(clinicToday(t.db, c.id, new Date('2026-11-23T22:00:00Z'))).toBe('2026-11-24');
		setSettings(c.id, { timeZone: 'America/Los_Angeles' });
		expect(clinicToday(t.db, c.id, new Date('2026-11-24T03:00:00Z'))).toBe('2026-11-23');
	});
});
