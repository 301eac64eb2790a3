import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { seedUser, tempDb } from '$test/support/test-db';
import { audit } from './audit';
import { readAudit } from './audit-log';
import type { StaffActor } from '../auth/guard';

let t: ReturnType<typeof tempDb>;
beforeEach(() => (t = tempDb()));
afterEach(() => t.cleanup());

describe('readAudit day filters', () => {
	it('reads "from" and "to" as days on the clinic’s calendar', () => {
		const { clinic, user } = seedUser(t.db, 'owner');
		const actor = { user, clinicId: clinic.id } as StaffActor;
		const at = (iso: string, action: string) =>
			audit(t.db, { clinicId: clinic.id, actorUserId: user.id, action, ok: true }, new Date(iso));
		// Sydney is UTC+11 in November: its 24th runs from 13:00 UTC on the 23rd to 13:00 on the 24th
		at('2026-11-23T12:59:59Z', 'sydney_23rd');
		at('2026-11-23T13:00:00Z', 'sydney_24th_first');
		at('2026-11-24T12:59:59Z', 'sydney_24th_last');
		at('2026-11-24T13:00:00Z', 'sydney_25th');
		const day = (timeZone: string) =>
			readAudit(t.db, actor, { from: '2026-11-24', to: '2026-11-24' }, timeZone)
				.events.map((e) => e.action)
				.sort();
		expect(day('Australia/Sydney')).toEqual(['sydney_24th_first', 'sydney_24th_last']);
		expect(day('UTC')).toEqual(['sydney_24th_last', 'sydney_25th']);
	});
});
