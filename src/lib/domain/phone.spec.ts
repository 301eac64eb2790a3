import { describe, expect, it } from 'vitest';
import {
	clinicPhoneCountry,
	formatPhone,
	parsePhone,
	phoneCountryCode,
	phoneCountryForTimeZone
} from './phone';

const ok = (input: string, country: string | null) => {
	const r = parsePhone(input, country);
	return r.ok ? r.e164 : `refused: ${r.message}`;
};

describe('reading a typed phone number', () => {
	it('reads national numbers in the clinic’s country and keeps E.164', () => {
		// Ofcom's drama ranges (London, Leeds) and the US fictional 555-01xx
		expect(ok('020 7946 0123', 'GB')).toBe('+442079460123');
		expect(ok('0113 496 0555', 'GB')).toBe('+441134960555');
		expect(ok('(202) 555-0123', 'US')).toBe('+12025550123');
		expect(ok('202.555.0199', 'US')).toBe('+12025550199');
	});

	it('takes a number with + (or 00) in its own country, whatever the clinic’s', () => {
		expect(ok('+44 20 7946 0123', 'US')).toBe('+442079460123');
		expect(ok('+1 202 555 0123', 'GB')).toBe('+12025550123');
		expect(ok('0044 20 7946 0123', null)).toBe('+442079460123');
		expect(ok('+44 (0)20 7946 0123', null)).toBe('+442079460123');
	});

	it('asks for + and the country code when the clinic has no country', () => {
		const r = parsePhone('020 7946 0123', null);
		expect(r.ok).toBe(false);
		expect(!r.ok && r.message).toMatch(/starting with \+/);
	});

	it('refuses numbers no network hands out, naming the country it read them in', () => {
		const r = parsePhone('12345', 'GB');
		expect(!r.ok && r.message).toBe(
			'12345 is not a valid United Kingdom phone number. Check the digits, or start with + and the country code.'
		);
		// the right length for a UK mobile, but Ofcom's drama mobile range is not a real one
		expect(parsePhone('07700 900123', 'GB').ok).toBe(false);
		expect(parsePhone('+44 7946 0123', null).ok).toBe(false);
		expect(parsePhone('+999 1234 5678', null).ok).toBe(false);
	});

	it('refuses letters, and anything too long, before looking it up', () => {
		expect(parsePhone('call me', 'GB').ok).toBe(false);
		expect(parsePhone('020 7946 0123 ext 4', 'GB').ok).toBe(false);
		expect(parsePhone('0'.repeat(41), 'GB').ok).toBe(false);
		expect(parsePhone('<script>', 'GB').ok).toBe(false);
	});

	it('shows a stored number in international format', () => {
		expect(formatPhone('+442079460123')).toBe('+44 20 7946 0123');
		expect(formatPhone('+12025550123')).toBe('+1 202 555 0123');
		expect(formatPhone('not a number')).toBe('not a number');
	});
});

describe('the country local numbers are read in', () => {
	it('takes the one country a time zone belongs to', () => {
		expect(phoneCountryForTimeZone('Europe/London')).toBe('GB');
		expect(phoneCountryForTimeZone('America/New_York')).toBe('US');
		expect(phoneCountryForTimeZone('Australia/Sydney')).toBe('AU');
		// the current name and the older one CLDR keeps
		expect(phoneCountryForTimeZone('Asia/Kolkata')).toBe('IN');
		expect(phoneCountryForTimeZone('Asia/Calcutta')).toBe('IN');
	});

	it('derives none from UTC or a zone it does not know', () => {
		expect(phoneCountryForTimeZone('UTC')).toBeNull();
		expect(phoneCountryForTimeZone('Mars/Olympus')).toBeNull();
	});

	it('prefers the clinic’s own choice to its time zone', () => {
		expect(clinicPhoneCountry({ phoneCountry: 'IE', timeZone: 'Europe/London' })).toBe('IE');
		expect(clinicPhoneCountry({ phoneCountry: null, timeZone: 'Europe/London' })).toBe('GB');
		expect(clinicPhoneCountry({ phoneCountry: null, timeZone: 'UTC' })).toBeNull();
	});

	it('knows only real two-letter codes', () => {
		expect(phoneCountryCode('gb')).toBe('GB');
		expect(phoneCountryCode('UK')).toBeNull();
		expect(phoneCountryCode('GBR')).toBeNull();
		expect(phoneCountryCode('')).toBeNull();
	});
});
