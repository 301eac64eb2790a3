import { describe, expect, it } from 'vitest';
import { addressBlock } from './client-address';

describe('addressBlock', () => {
	it('names an IPv4 client by its address and an IPv6 client by its /64', () => {
		expect(addressBlock('203.0.113.7')).toBe('203.0.113.7');
		expect(addressBlock('::ffff:203.0.113.7')).toBe('203.0.113.7');
		expect(addressBlock('2001:db8:aa:bb:1:2:3:4')).toBe('2001:db8:aa:bb::/64');
		expect(addressBlock('2001:db8:aa:bb::9')).toBe(addressBlock('2001:0db8:00aa:00bb:ffff::1'));
		expect(addressBlock('2001:db8:aa:bc::9')).not.toBe(addressBlock('2001:db8:aa:bb::9'));
		expect(addressBlock(' not an address ')).toBe('not an address');
		expect(addressBlock('x'.repeat(500))).toHaveLength(100);
	});
});
