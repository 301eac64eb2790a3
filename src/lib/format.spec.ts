import { describe, expect, it } from 'vitest';
import { formatDate, formatDateTime, formatTime } from './format';

describe('formatDateTime', () => {
	const instant = new Date('2026-11-23T22:05:00Z');

	it('shows the instant on the wall clock of the zone given', () => {
		expect(formatDateTime(instant, 'Australia/Sydney')).toBe('24 Nov 2026, 09:05');
		expect(formatDateTime(instant, 'America/Los_Angeles')).toBe('23 Nov 2026, 14:05');
		expect(formatDateTime(instant, 'UTC')).toBe('23 Nov 2026, 22:05');
		expect(formatDateTime(instant, 'Pacific/Auckland')).toBe('24 Nov 2026, 11:05');
	});

	it('shows seconds when asked, on a 24-hour clock', () => {
		expect(formatDateTime(new Date('2026-11-24T00:00:07Z'), 'UTC', { seconds: true })).toBe(
			'24 Nov 2026, 00:00:07'
		);
	});

	it('skips the hour the clocks jump over', () => {
		expect(formatDateTime(new Date('2026-03-08T09:59:00Z'), 'America/Los_Angeles')).toBe(
			'8 Mar 2026, 01:59'
		);
		expect(formatDateTime(new Date('2026-03-08T10:00:00Z'), 'America/Los_Angeles')).toBe(
			'8 Mar 2026, 03:00'
		);
	});

	it('formatTime is the time alone', () => {
		expect(formatTime(instant, 'Australia/Sydney')).toBe('09:05');
	});
});

describe('formatDate', () => {
	it('shows a calendar day as it is, whatever zone is given', () => {
		expect(formatDate('2026-11-24', { timeZone: 'America/Los_Angeles' })).toBe('24 Nov 2026');
		expect(formatDate('2026-11-24', { timeZone: 'Pacific/Auckland' })).toBe('24 Nov 2026');
	});

	it('shows an instant’s day in the zone given, else UTC', () => {
		const instant = new Date('2026-11-23T22:05:00Z');
		expect(formatDate(instant)).toBe('23 Nov 2026');
		expect(formatDate(instant, { timeZone: 'Australia/Sydney' })).toBe('24 Nov 2026');
	});
});

describe('kept formatters', () => {
	it('keep each zone, option and locale apart, in any order of use', () => {
		const instant = new Date('2026-11-23T22:05:00Z');
		for (let round = 0; round < 2; round++) {
			expect(formatDate(instant, { timeZone: 'Australia/Sydney' })).toBe('24 Nov 2026');
			expect(formatDate(instant, { timeZone: 'America/Los_Angeles' })).toBe('23 Nov 2026');
			expect(formatDate(instant, { weekday: 'long' })).toBe('Monday, 23 Nov 2026');
			expect(formatDate(instant, {}, 'en-US')).toBe('Nov 23, 2026');
			expect(formatDateTime(instant, 'UTC', { seconds: true })).toBe('23 Nov 2026, 22:05:00');
			expect(formatDateTime(instant, 'UTC')).toBe('23 Nov 2026, 22:05');
		}
	});

	it('still refuse a zone the runtime does not know', () => {
		expect(() => formatDate(new Date(), { timeZone: 'Mars/Olympus_Mons' })).toThrow(RangeError);
		expect(() => formatDate(new Date(), { timeZone: 'Mars/Olympus_Mons' })).toThrow(RangeError);
	});
});
