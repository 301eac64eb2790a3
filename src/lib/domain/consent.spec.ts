import { describe, expect, it } from 'vitest';
import { consentRowState, consentState, type ConsentRecord } from './consent';

const at = (iso: string) => new Date(iso);
const row = (over: Partial<ConsentRecord> = {}): ConsentRecord => ({
	scope: 'gallery_public',
	grantedAt: at('2026-01-01T10:00:00Z'),
	expiresAt: null,
	revokedAt: null,
	...over
});

describe('consent state', () => {
	const now = at('2026-06-01T00:00:00Z');
	it('is active, expired or revoked', () => {
		expect(consentRowState(row(), now)).toBe('active');
		expect(consentRowState(row({ expiresAt: at('2026-05-01T00:00:00Z') }), now)).toBe('expired');
		expect(consentRowState(row({ revokedAt: at('2026-03-01T00:00:00Z') }), now)).toBe('revoked');
	});
	it('counts a revocation received after the clock that reads it', () => {
		expect(consentRowState(row({ revokedAt: at('2026-06-01T00:00:05Z') }), now)).toBe('revoked');
	});
	it('a scope is active when any row is, otherwise the latest row tells', () => {
		const old = row({ revokedAt: at('2026-02-01T00:00:00Z') });
		const renewed = row({ grantedAt: at('2026-03-01T00:00:00Z') });
		expect(consentState([old, renewed], 'gallery_public', now)).toBe('active');
		expect(consentState([old], 'gallery_public', now)).toBe('revoked');
		expect(consentState([old], 'treatment', now)).toBe('none');
	});
});
