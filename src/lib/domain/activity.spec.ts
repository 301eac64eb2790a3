import { describe, expect, it } from 'vitest';
import { describeActivity, groupActivity, type ActivityEvent } from './activity';

const at = (minutes: number) => new Date(Date.UTC(2026, 10, 24, 12, 0) - minutes * 60_000);
const event = (over: Partial<ActivityEvent> & { minutesAgo: number }): ActivityEvent => ({
	id: `e${over.minutesAgo}`,
	at: at(over.minutesAgo),
	actorId: 'u1',
	who: 'Dr Priya Nair',
	action: 'photo_upload',
	detail: null,
	patientId: 'p1',
	...over
});

describe('groupActivity', () => {
	it('folds a sitting of uploads about one patient into one line', () => {
		const items = groupActivity(
			[0, 1, 2, 3, 4].map((m) => event({ minutesAgo: m })),
			10
		);
		expect(items).toHaveLength(1);
		expect(items[0]).toMatchObject({ id: 'e0', count: 5, what: 'uploaded 5 photos' });
	});

	it('keeps different people, patients, actions and distant times apart', () => {
		const items = groupActivity(
			[
				event({ minutesAgo: 0 }),
				event({ minutesAgo: 1, patientId: 'p2' }),
				event({ minutesAgo: 2, patientId: 'p2', actorId: 'u2', who: 'Helen' }),
				event({
					minutesAgo: 3,
					patientId: 'p2',
					actorId: 'u2',
					who: 'Helen',
					action: 'session_log'
				}),
				event({
					minutesAgo: 40,
					patientId: 'p2',
					actorId: 'u2',
					who: 'Helen',
					action: 'session_log'
				})
			],
			10
		);
		expect(items.map((i) => [i.who, i.what, i.patientId])).toEqual([
			['Dr Priya Nair', 'uploaded a photo', 'p1'],
			['Dr Priya Nair', 'uploaded a photo', 'p2'],
			['Helen', 'uploaded a photo', 'p2'],
			['Helen', 'logged a session', 'p2'],
			['Helen', 'logged a session', 'p2']
		]);
	});

	it('stops at the limit and names the system when no one acted', () => {
		const events = Array.from({ length: 30 }, (_, i) =>
			event({
				minutesAgo: i * 60,
				actorId: null,
				who: null,
				action: 'gallery_withdraw',
				detail: 'gallery consent expired'
			})
		);
		const items = groupActivity(events, 10);
		expect(items).toHaveLength(10);
		expect(items[0].who).toBe('Resurface');
		expect(items[0].what).toBe('took down a gallery case: the consent expired');
	});
});

describe('describeActivity', () => {
	it('names the consent scope from the audit detail', () => {
		expect(describeActivity('consent_grant', 'gallery_public')).toBe(
			'recorded public gallery (de-identified) consent'
		);
		expect(describeActivity('consent_revoke', 'photos_private: moved abroad')).toBe(
			'recorded the withdrawal of clinical photos (private record) consent'
		);
	});

	it('says a record was erased without saying whose', () => {
		expect(describeActivity('patient_erase', null)).toBe('erased a patient’s record');
	});

	it('falls back to the action name for anything it does not know', () => {
		expect(describeActivity('staff_invite', null)).toBe('staff invite');
	});
});
