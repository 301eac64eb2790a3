import { encodeBase32LowerCaseNoPadding } from '@oslojs/encoding';

/**
 * 160 random bits as 32 lowercase base32 characters: unguessable, URL-safe, and short enough
 * for paths. Every id that can appear in a URL comes from here (never an autoincrement).
 */
export function newId(): string {
	const bytes = new Uint8Array(20);
	crypto.getRandomValues(bytes);
	return encodeBase32LowerCaseNoPadding(bytes);
}
