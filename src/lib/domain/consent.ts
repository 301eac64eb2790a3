export const CONSENT_SCOPES = [
	'treatment',
	'photos_private',
	'gallery_public',
	'social_media'
] as const;
export type ConsentScope = (typeof CONSENT_SCOPES)[number];

export const CONSENT_LABELS: Record<ConsentScope, string> = {
	treatment: 'Treatment',
	photos_private: 'Clinical photos (private record)',
	gallery_public: 'Public gallery (de-identified)',
	social_media: 'Social media posts'
};

export interface ConsentRecord {
	scope: ConsentScope;
	grantedAt: Date;
	expiresAt: Date | null;
	revokedAt: Date | null;
}

export type ConsentState = 'active' | 'revoked' | 'expired' | 'none';

/** A single consent row's state at `now`; rows are never edited, so state is derived. */
export function consentRowState(row: ConsentRecord, now: Date): Exclude<ConsentState, 'none'> {
	// A revocation counts from its receipt, whatever clock reads it: a page rendered a moment
	// before the revocation reached the server must still show it as revoked.
	if (row.revokedAt) {
		return 'revoked';
	}
	if (row.expiresAt && row.expiresAt <= now) {
		return 'expired';
	}
	return 'active';
}

/** The current state of a scope: active if any row for it is active, else the latest row's. */
export function consentState(
	rows: readonly ConsentRecord[],
	scope: ConsentScope,
	now: Date
): ConsentState {
	const forScope = rows
		.filter((r) => r.scope === scope)
		.sort((a, b) => b.grantedAt.getTime() - a.grantedAt.getTime());
	if (forScope.length === 0) {
		return 'none';
	}
	if (forScope.some((r) => consentRowState(r, now) === 'active')) {
		return 'active';
	}
	return consentRowState(forScope[0], now);
}
