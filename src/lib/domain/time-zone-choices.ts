/** The time zone picker's options: grouped by region, each with its wall-clock time now. */
import { formatDateTime, formatTime } from '../format';

export interface TimeZoneChoice {
	id: string;
	/** "Sydney — 09:05" */
	label: string;
	/** "24 Nov 2026, 09:05": the date matters as much as the time here */
	now: string;
}

export interface TimeZoneGroup {
	/** "Australia"; "Other" for names without a region, such as UTC */
	region: string;
	zones: TimeZoneChoice[];
}

/** "America/Argentina/Buenos_Aires" → region "America", place "Argentina / Buenos Aires". */
function split(id: string): { region: string; place: string } {
	const at = id.indexOf('/');
	if (at < 0) {
		return { region: 'Other', place: id };
	}
	return {
		region: id.slice(0, at),
		place: id
			.slice(at + 1)
			.replaceAll('_', ' ')
			.replaceAll('/', ' / ')
	};
}

export function groupTimeZones(zones: readonly string[], now: Date): TimeZoneGroup[] {
	const groups = new Map<string, TimeZoneChoice[]>();
	for (const id of [...new Set(zones)].sort()) {
		const { region, place } = split(id);
		const list = groups.get(region) ?? [];
		list.push({ id, label: `${place} — ${formatTime(now, id)}`, now: formatDateTime(now, id) });
		groups.set(region, list);
	}
	return [...groups]
		.sort(([a], [b]) => (a === 'Other' ? 1 : b === 'Other' ? -1 : a.localeCompare(b)))
		.map(([region, list]) => ({ region, zones: list }));
}
