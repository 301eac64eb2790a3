/** Dates as a clinic reads them. ISO day strings are shown in UTC so no timezone moves a day. */
export function formatDate(
	value: string | Date,
	extra: Intl.DateTimeFormatOptions = {},
	locale = 'en-GB'
): string {
	const date = typeof value === 'string' ? new Date(`${value.slice(0, 10)}T00:00:00Z`) : value;
	return new Intl.DateTimeFormat(locale, {
		day: 'numeric',
		month: 'short',
		year: 'numeric',
		timeZone: 'UTC',
		...extra
	}).format(date);
}
