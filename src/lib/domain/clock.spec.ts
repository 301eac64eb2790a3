import { describe, expect, it } from 'vitest';
import { endOfDayIn, knownTimeZone, startOfDayIn, todayIn } from './clock';

const at = (iso: string) => new Date(iso);

describe('todayIn', () => {
	it.each([
		// Auckland in summer is UTC+13: its day turns while UTC is at 11:00
		['Pacific/Auckland', '2026-11-23T10:59:59Z', '2026-11-23'],
		['Pacific/Auckland', '2026-11-23T11:00:00Z', '2026-11-24'],
		// Los Angeles in winter is UTC−8: its day turns at 08:00 UTC
		['America/Los_Angeles', '2026-11-24T07:59:59Z', '2026-11-23'],
		['America/Los_Angeles', '2026-11-24T08:00:00Z', '2026-11-24'],
		['UTC', '2026-11-23T23:59:59Z', '2026-11-23'],
		['UTC', '2026-11-24T00:00:00Z', '2026-11-24'],
		// Sydney at 9 am: UTC is still on yesterday
		['Australia/Sydney', '2026-11-23T22:00:00Z', '2026-11-24']
	])('%s at %s is %s', (zone, instant, day) => {
		expect(todayIn(zone, at(instant))).toBe(day);
	});

	it('follows a change of clocks: after spring-forward Los Angeles turns the day an hour earlier in UTC', () => {
		// 8 March 2026: 02:00 PST becomes 03:00 PDT, so 9 March begins at 07:00 UTC, not 08:00
		expect(todayIn('America/Los_Angeles', at('2026-03-08T07:59:59Z'))).toBe('2026-03-07');
		expect(todayIn('America/Los_Angeles', at('2026-03-08T08:00:00Z'))).toBe('2026-03-08');
		expect(todayIn('America/Los_Angeles', at('2026-03-09T06:59:59Z'))).toBe('2026-03-08');
		expect(todayIn('America/Los_Angeles', at('2026-03-09T07:00:00Z'))).toBe('2026-03-09');
	});
});

describe('startOfDayIn and endOfDayIn', () => {
	it('is local midnight', () => {
		expect(startOfDayIn('2026-11-24', 'Pacific/Auckland').toISOString()).toBe(
			'2026-11-23T11:00:00.000Z'
		);
		expect(startOfDayIn('2026-11-24', 'America/Los_Angeles').toISOString()).toBe(
			'2026-11-24T08:00:00.000Z'
		);
		expect(startOfDayIn('2026-11-24', 'UTC').toISOString()).toBe('2026-11-24T00:00:00.000Z');
	});

	it('uses the offset in force at that midnight on the days the clocks change', () => {
		// Auckland leaves summer time at 03:00 on 5 April 2026: that day starts at +13, the next at +12
		expect(startOfDayIn('2026-04-05', 'Pacific/Auckland').toISOString()).toBe(
			'2026-04-04T11:00:00.000Z'
		);
		expect(startOfDayIn('2026-04-06', 'Pacific/Auckland').toISOString()).toBe(
			'2026-04-05T12:00:00.000Z'
		);
		// Los Angeles' 8 March 2026 is 23 hours long
		expect(endOfDayIn('2026-03-08', 'America/Los_Angeles').toISOString()).toBe(
			'2026-03-09T06:59:59.000Z'
		);
	});

	it('starts a day without a midnight at the jump', () => {
		// Santiago goes from 23:59:59 on 5 September 2026 straight to 01:00 on the 6th
		expect(startOfDayIn('2026-09-06', 'America/Santiago').toISOString()).toBe(
			'2026-09-06T04:00:00.000Z'
		);
		expect(todayIn('America/Santiago', at('2026-09-06T03:59:59Z'))).toBe('2026-09-05');
	});

	it('takes the first of two midnights when the clocks go back at one', () => {
		// Havana's 1 November 2026: 01:00 CDT becomes 00:00 CST, so midnight comes twice
		expect(startOfDayIn('2026-11-01', 'America/Havana').toISOString()).toBe(
			'2026-11-01T04:00:00.000Z'
		);
	});
});

describe('knownTimeZone', () => {
	it('gives the runtime’s spelling of a zone it knows', () => {
		expect(knownTimeZone('Australia/Sydney')).toBe('Australia/Sydney');
		expect(knownTimeZone('australia/sydney')).toBe('Australia/Sydney');
		expect(knownTimeZone('UTC')).toBe('UTC');
		expect(knownTimeZone('Etc/GMT+12')).toBe('Etc/GMT+12');
	});

	it.each(['Mars/Olympus_Mons', '+05:30', '', 'Europe/London ', '../etc/passwd', 'A'.repeat(65)])(
		'knows nothing of %j',
		(name) => {
			expect(knownTimeZone(name)).toBeNull();
		}
	);
});
