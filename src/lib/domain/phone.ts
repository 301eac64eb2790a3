/**
 * Patients' phone numbers: read as typed, kept in E.164 (+442079460123), shown in international
 * format. Validity comes from libphonenumber's metadata (each country's number ranges), which no
 * hand-written pattern could know. The full ("max") metadata is used: the smaller sets check only
 * a number's length, and would pass digits no network hands out. Server-side only (its size).
 */
import {
	getCountries,
	isSupportedCountry,
	parsePhoneNumberFromString,
	type CountryCode
} from 'libphonenumber-js/max';

export type PhoneResult = { ok: true; e164: string } | { ok: false; message: string };

const INTERNATIONAL_EXAMPLE = '+44 20 7946 0123';

/** A region's name in English ("United Kingdom"), or the code itself when unknown. */
export function countryName(code: string): string {
	try {
		return new Intl.DisplayNames(['en'], { type: 'region' }).of(code) ?? code;
	} catch {
		return code;
	}
}

/** An ISO 3166 alpha-2 code libphonenumber knows, in capitals; null for anything else. */
export function phoneCountryCode(value: string): CountryCode | null {
	const code = value.trim().toUpperCase();
	return /^[A-Z]{2}$/.test(code) && isSupportedCountry(code) ? (code as CountryCode) : null;
}

/**
 * Reads a typed number. One starting with "+" (or 00) carries its country; any other is read
 * in `country`, the clinic's, and without one it is refused with a request for "+…".
 */
export function parsePhone(input: string, country: string | null): PhoneResult {
	const typed = input.trim().replace(/^00(?=[1-9])/, '+');
	if (typed.length > 40 || !/^\+?[\d\s().\-/]+$/.test(typed)) {
		return {
			ok: false,
			message: `Enter the phone number in digits, for example ${INTERNATIONAL_EXAMPLE}.`
		};
	}
	const region = country ? phoneCountryCode(country) : null;
	if (!typed.startsWith('+') && !region) {
		return {
			ok: false,
			message: `Enter the phone number with its country code, starting with +, for example ${INTERNATIONAL_EXAMPLE} (the clinic has no country set for local numbers).`
		};
	}
	const parsed = parsePhoneNumberFromString(typed, region ?? undefined);
	if (!parsed || !parsed.isValid()) {
		const kind = typed.startsWith('+') || !region ? '' : `${countryName(region)} `;
		return {
			ok: false,
			message: `${input.trim()} is not a valid ${kind}phone number. Check the digits, or start with + and the country code.`
		};
	}
	return { ok: true, e164: parsed.number };
}

/** A stored E.164 number as people read it: "+44 20 7946 0123" (as stored if it will not parse). */
export function formatPhone(e164: string): string {
	return parsePhoneNumberFromString(e164)?.formatInternational() ?? e164;
}

/**
 * The country local numbers are read in: the clinic's choice, else the one country whose zones
 * include the clinic's time zone (Europe/London → GB); null where a zone is shared or is UTC,
 * and then numbers must be typed with "+".
 */
export function clinicPhoneCountry(settings: {
	phoneCountry: string | null;
	timeZone: string;
}): CountryCode | null {
	return (
		(settings.phoneCountry ? phoneCountryCode(settings.phoneCountry) : null) ??
		phoneCountryForTimeZone(settings.timeZone)
	);
}

const byZone = new Map<string, CountryCode | null>();

/** The country whose numbers libphonenumber knows and whose zones include `timeZone`, if only one. */
export function phoneCountryForTimeZone(timeZone: string): CountryCode | null {
	if (!byZone.has(timeZone)) {
		byZone.set(timeZone, countryOfZone(timeZone));
	}
	return byZone.get(timeZone) ?? null;
}

function countryOfZone(timeZone: string): CountryCode | null {
	// CLDR (through Intl) knows each region's zones, under their older names too (Asia/Calcutta)
	const names = new Set([timeZone]);
	try {
		names.add(new Intl.DateTimeFormat('en-US', { timeZone }).resolvedOptions().timeZone);
	} catch {
		return null;
	}
	const matches = getCountries().filter((code) => zonesOf(code).some((z) => names.has(z)));
	return matches.length === 1 ? matches[0] : null;
}

type LocaleWithZones = Intl.Locale & { timeZones?: string[]; getTimeZones?: () => string[] };

function zonesOf(code: string): string[] {
	const locale = new Intl.Locale(`und-${code}`) as LocaleWithZones;
	return locale.getTimeZones?.() ?? locale.timeZones ?? [];
}

/** Every country libphonenumber knows, by English name, for the clinic's setting. */
export function phoneCountryChoices(): { code: CountryCode; name: string }[] {
	return getCountries()
		.map((code) => ({ code, name: countryName(code) }))
		.sort((a, b) => a.name.localeCompare(b.name));
}
