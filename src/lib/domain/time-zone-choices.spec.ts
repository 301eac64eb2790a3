import { describe, expect, it } from 'vitest';
import { groupTimeZones } from './time-zone-choices';

describe('groupTimeZones', () => {
	it('groups zones by region, sorted, each with its time now; names without a region last', () => {
		const groups = groupTimeZones(
			[
				'UTC',
				'Pacific/Auckland',
				'America/Los_Angeles',
				'America/Argentina/Buenos_Aires',
				'Australia/Sydney',
				'Australia/Sydney'
			],
			new Date('2026-11-23T22:05:00Z')
		);
		expect(groups).toEqual([
			{
				region: 'America',
				zones: [
					{
						id: 'America/Argentina/Buenos_Aires',
						label: 'Argentina / Buenos Aires — 19:05',
						now: '23 Nov 2026, 19:05'
					},
					{ id: 'America/Los_Angeles', label: 'Los Angeles — 14:05', now: '23 Nov 2026, 14:05' }
				]
			},
			{
				region: 'Australia',
				zones: [{ id: 'Australia/Sydney', label: 'Sydney — 09:05', now: '24 Nov 2026, 09:05' }]
			},
			{
				region: 'Pacific',
				zones: [{ id: 'Pacific/Auckland', label: 'Auckland — 11:05', now: '24 Nov 2026, 11:05' }]
			},
			{ region: 'Other', zones: [{ id: 'UTC', label: 'UTC — 22:05', now: '23 Nov 2026, 22:05' }] }
		]);
	});
});
