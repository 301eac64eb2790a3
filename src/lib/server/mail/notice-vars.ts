import { parseIsoDate } from '../../domain/schedule';

/**
 * What a patient notice says about the person and the day: a first name and a date, nothing
 * about the treatment. Shared by reminders and new-photo notices.
 */

/** "Jordan" from "Jordan Avery"; a name given as one word is used whole. */
export function firstNameOf(displayName: string): string {
	return displayName.trim().split(/\s+/)[0] ?? '';
}

/**
 * "Tuesday 8 December" (the clinic's en-GB style, as the app shows dates), with the year only
 * when it is not the current one on the clinic's calendar ("Friday 1 January 2027").
 */
export function dateInWords(iso: string, todayIso: string): string {
	// from parts: en-GB puts a comma after the weekday once a year is added
	const parts = Object.fromEntries(
		new Intl.DateTimeFormat('en-GB', {
			weekday: 'long',
			day: 'numeric',
			month: 'long',
			year: 'numeric',
			timeZone: 'UTC'
		})
			.formatToParts(parseIsoDate(iso))
			.map((p) => [p.type, p.value])
	);
	const sameYear = iso.slice(0, 4) === todayIso.slice(0, 4);
	return `${parts.weekday} ${parts.day} ${parts.month}${sameYear ? '' : ` ${parts.year}`}`;
}
