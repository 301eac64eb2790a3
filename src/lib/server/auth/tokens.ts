import { sha256 } from '@oslojs/crypto/sha2';
import { constantTimeEqual } from '@oslojs/crypto/subtle';
import { encodeBase32LowerCaseNoPadding, encodeHexLowerCase } from '@oslojs/encoding';

/** 160 random bits, base32: used for the id half and the secret half of `id.secret` tokens. */
export function randomPart(): string {
	const bytes = new Uint8Array(20);
	crypto.getRandomValues(bytes);
	return encodeBase32LowerCaseNoPadding(bytes);
}

export function hashSecret(secret: string): string {
	return encodeHexLowerCase(sha256(new TextEncoder().encode(secret)));
}

/** Compares a presented secret with a stored hash without leaking where they differ. */
export function secretMatches(secret: string, storedHash: string): boolean {
	const presented = new TextEncoder().encode(hashSecret(secret));
	const stored = new TextEncoder().encode(storedHash);
	return presented.length === stored.length && constantTimeEqual(presented, stored);
}

export interface SplitToken {
	id: string;
	secret: string;
}

const PART = /^[a-z2-7]{32}$/;

/** Splits `id.secret`; anything malformed is null, so callers never query with junk. */
export function splitToken(token: string | undefined | null): SplitToken | null {
	if (!token) {
		return null;
	}
	const parts = token.split('.');
	if (parts.length !== 2 || !PART.test(parts[0]) || !PART.test(parts[1])) {
		return null;
	}
	return { id: parts[0], secret: parts[1] };
}

export function newToken(): { id: string; secret: string; token: string } {
	const id = randomPart();
	const secret = randomPart();
	return { id, secret, token: `${id}.${secret}` };
}
