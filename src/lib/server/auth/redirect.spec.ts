import { describe, expect, it } from 'vitest';
import { safeNextPath } from './redirect';

describe('safeNextPath', () => {
	it.each([
		['/clinic/patients?q=ann', '/clinic/patients?q=ann'],
		['/me#compare', '/me#compare'],
		['/clinic/../me', '/me']
	])('follows same-origin path %s', (next, expected) => {
		expect(safeNextPath(next, '/home')).toBe(expected);
	});

	it.each([
		null,
		'',
		'https://evil.example/',
		'//evil.example/x',
		'/\\evil.example',
		'\\\\evil.example',
		'/\t/evil.example',
		'/\n/evil.example',
		'javascript:alert(1)',
		'clinic',
		'x'.repeat(3000)
	])('refuses %j', (next) => {
		expect(safeNextPath(next, '/home')).toBe('/home');
	});

	it('keeps encoded characters encoded (never decoded into a header)', () => {
		expect(safeNextPath('/%0d%0aSet-Cookie:x', '/home')).toBe('/%0d%0aSet-Cookie:x');
	});
});
