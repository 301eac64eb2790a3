/**
 * The clinic's calendar. A clinic's "today" is the date on its own wall clock (an IANA time
 * zone), not the UTC date: at 9 am in Sydney UTC is still on yesterday.
 */
import { addDays, parseIsoDate } from './schedule';

export const FALLBACK_TIME_ZONE = 'UTC';

// One formatter per zone: building one costs far more than formatting with it, and a server
// only ever sees its clinics' few zones here.
const formatters = new Map<string, Intl.DateTimeFormat>();

function wallClockFormat(timeZone: string): Intl.DateTimeFormat {
	let f = formatters.get(timeZone);
	if (!f) {
		f = new Intl.DateTimeFormat('en-US', {
			timeZone,
			year: 'numeric',
			month: '2-digit',
			day: '2-digit',
			hour: '2-digit',
			minute: '2-digit',
			second: '2-digit',
			hourCycle: 'h23'
		});
		formatters.set(timeZone, f);
	}
	return f;
}

export interface WallClock {
	year: number;
	month: number;
	day: number;
	hour: number;
	minute: number;
	second: number;
}

/** What a clock on the wall in `timeZone` shows at the instant `at`. */
export function wallClock(at: Date, timeZone: string): WallClock {
	const parts: Record<string, number> = {};
	for (const p of wallClockFormat(timeZone).formatToParts(at)) {
		if (p.type !== 'literal') {
			parts[p.type] = Number(p.value);
		}
	}
	return {
		year: parts.year,
		month: parts.month,
		day: parts.day,
		hour: parts.hour,
		minute: parts.minute,
		second: parts.second
	};
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** The date (YYYY-MM-DD) in `timeZone` at the instant `now`. */
export function todayIn(timeZone: string, now = new Date()): string {
	const c = wallClock(now, timeZone);
	return `${pad(c.year, 4)}-${pad(c.month)}-${pad(c.day)}`;
}

/** How far `timeZone`'s wall clock is ahead of UTC at `at`, in milliseconds. */
function offsetMs(at: number, timeZone: string): number {
	const c = wallClock(new Date(at), timeZone);
	const wall = Date.UTC(c.year, c.month - 1, c.day, c.hour, c.minute, c.second);
	return wall - Math.floor(at / 1000) * 1000;
}

/**
 * The first instant of the day `iso` in `timeZone`. Usually local midnight; where the clocks
 * jump forward at midnight (America/Santiago, for one) the day starts at the jump instead.
 */
export function startOfDayIn(iso: string, timeZone: string): Date {
	const midnightUtc = parseIsoDate(iso).getTime();
	// The offset at UTC midnight can differ from the one at local midnight when a change
	// falls between the two; a second guess with the offset found by the first settles it.
	const first = midnightUtc - offsetMs(midnightUtc, timeZone);
	const second = midnightUtc - offsetMs(first, timeZone);
	const onTheDay = [first, second].filter((t) => todayIn(timeZone, new Date(t)) === iso);
	return new Date(onTheDay.length ? Math.min(...onTheDay) : first);
}

/** The last second of the day `iso` in `timeZone` (for "valid until the end of that day"). */
export function endOfDayIn(iso: string, timeZone: string): Date {
	return new Date(startOfDayIn(addDays(iso, 1), timeZone).getTime() - 1000);
}

// IANA names only: letters, digits and _ + - in slash-separated parts. Newer engines also take
// offsets such as "+05:30", which are not a place and do not follow its summer time.
const IANA_NAME = /^[A-Za-z][A-Za-z0-9_+-]*(\/[A-Za-z0-9_+-]+)*$/;

const known = new Map<string, string>();

/** The runtime's own spelling of a known IANA zone, or null when it does not know it. */
export function knownTimeZone(name: string): string | null {
	if (name.length > 64 || !IANA_NAME.test(name)) {
		return null;
	}
	let resolved = known.get(name);
	if (!resolved) {
		try {
			resolved = new Intl.DateTimeFormat('en-US', { timeZone: name }).resolvedOptions().timeZone;
		} catch {
			return null;
		}
		// names differing only in case are all known: a bound keeps posted variants from piling up
		if (known.size > 1000) {
			known.clear();
		}
		known.set(name, resolved);
	}
	return resolved;
}
