// Making an Intl.DateTimeFormat costs tens of microseconds, using one about one: the patient's
// timeline formats a few hundred dates per render, which made formatter construction 28% of
// its server CPU (profiled with 6 sessions × 5 views). Formatters are kept by locale and
// options; the options come from code and clinic zones, a handful, bounded all the same.
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(locale: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
	const key = `${locale}|${JSON.stringify(options)}`;
	let made = formatters.get(key);
	if (!made) {
		if (formatters.size >= 500) {
			formatters.clear();
		}
		made = new Intl.DateTimeFormat(locale, options);
		formatters.set(key, made);
	}
	return made;
}

/**
 * Dates as a clinic reads them. An ISO day string is a calendar day and is shown as it is,
 * whatever the zone; an instant (Date) is shown in the time zone given (the clinic's), else UTC.
 */
export function formatDate(
	value: string | Date,
	extra: Intl.DateTimeFormatOptions = {},
	locale = 'en-GB'
): string {
	const day = typeof value === 'string';
	const date = day ? new Date(`${value.slice(0, 10)}T00:00:00Z`) : value;
	return formatter(locale, {
		day: 'numeric',
		month: 'short',
		year: 'numeric',
		...extra,
		// a calendar day read in another zone would move to the day before or after
		timeZone: day ? 'UTC' : (extra.timeZone ?? 'UTC')
	}).format(date);
}

function partsIn(at: Date, timeZone: string, seconds: boolean): Record<string, string> {
	const parts = formatter('en-GB', {
		timeZone,
		day: 'numeric',
		month: 'short',
		year: 'numeric',
		hour: '2-digit',
		minute: '2-digit',
		second: seconds ? '2-digit' : undefined,
		hourCycle: 'h23'
	}).formatToParts(at);
	return Object.fromEntries(parts.map((p) => [p.type, p.value]));
}

/**
 * "24 Nov 2026, 09:05" on the clinic's wall clock. Put together from parts, so the server's
 * render and the browser's (whose ICU may join date and time differently) say the same.
 */
export function formatDateTime(at: Date, timeZone: string, opts: { seconds?: boolean } = {}) {
	const p = partsIn(at, timeZone, opts.seconds ?? false);
	const time = `${p.hour}:${p.minute}${opts.seconds ? `:${p.second}` : ''}`;
	return `${p.day} ${p.month} ${p.year}, ${time}`;
}

/** "09:05" on the clinic's wall clock. */
export function formatTime(at: Date, timeZone: string): string {
	const p = partsIn(at, timeZone, false);
	return `${p.hour}:${p.minute}`;
}
