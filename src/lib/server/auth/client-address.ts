import ipaddr from 'ipaddr.js';

/**
 * The part of a client address that names one client. IPv6 users are normally given a whole
 * /64, so counting single IPv6 addresses would hand one attacker 2^64 fresh starts.
 */
export function addressBlock(address: string): string {
	const raw = address.trim();
	if (!ipaddr.isValid(raw)) {
		return raw.slice(0, 100);
	}
	const parsed = ipaddr.process(raw);
	if (parsed.kind() === 'ipv4') {
		return parsed.toString();
	}
	const parts = (parsed as ipaddr.IPv6).parts.slice(0, 4);
	return `${parts.map((p) => p.toString(16)).join(':')}::/64`;
}
