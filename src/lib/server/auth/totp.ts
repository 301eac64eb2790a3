import { generateHOTP, createTOTPKeyURI } from '@oslojs/otp';
import { constantTimeEqual } from '@oslojs/crypto/subtle';
import { decodeBase32IgnorePadding, encodeBase32UpperCaseNoPadding } from '@oslojs/encoding';

/** RFC 6238 as every authenticator app reads it: SHA-1, 6 digits, 30-second steps. */
export const TOTP_PERIOD_S = 30;
export const TOTP_DIGITS = 6;
/** codes one step early or late are accepted: a phone's clock drifts, and typing takes time */
export const TOTP_WINDOW = 1;

/** A new 160-bit key (RFC 4226's recommended length), as the base32 text apps accept. */
export function newTotpKey(): string {
	const bytes = new Uint8Array(20);
	crypto.getRandomValues(bytes);
	return encodeBase32UpperCaseNoPadding(bytes);
}

/** The otpauth:// URI a QR code carries, naming the clinic and the account. */
export function totpUri(issuer: string, account: string, key: string): string {
	return createTOTPKeyURI(
		issuer,
		account,
		decodeBase32IgnorePadding(key),
		TOTP_PERIOD_S,
		TOTP_DIGITS
	);
}

export function totpStep(now: Date): number {
	return Math.floor(now.getTime() / 1000 / TOTP_PERIOD_S);
}

/** The code an app shows at `now` (tests and the enrolment check compute codes with it). */
export function totpCode(key: string, now = new Date(), offsetSteps = 0): string {
	return generateHOTP(
		decodeBase32IgnorePadding(key),
		BigInt(totpStep(now) + offsetSteps),
		TOTP_DIGITS
	);
}

/** Digits only: people type codes with spaces ("123 456") and apps show them that way. */
export function cleanCode(input: string): string {
	return input.replace(/[\s-]/g, '');
}

/**
 * The step a code belongs to, within ±TOTP_WINDOW of `now`, or null. A step at or before
 * `lastStep` (a code already used, or an older one) is refused: no replay.
 */
export function matchTotp(
	key: string,
	input: string,
	lastStep: number | null,
	now = new Date()
): number | null {
	const code = cleanCode(input);
	if (!/^\d{6}$/.test(code)) {
		return null;
	}
	const current = totpStep(now);
	for (let offset = -TOTP_WINDOW; offset <= TOTP_WINDOW; offset++) {
		const step = current + offset;
		if (lastStep !== null && step <= lastStep) {
			continue;
		}
		const expected = totpCode(key, now, offset);
		if (constantTimeEqual(new TextEncoder().encode(expected), new TextEncoder().encode(code))) {
			return step;
		}
	}
	return null;
}
