import type { PageServerLoad } from './$types';
import { requireStaff } from '$lib/server/auth/guard';
import { readAudit, type AuditFilters } from '$lib/server/audit/audit-log';
import { clinicTimeZone } from '$lib/server/clinic/clinic';
import { parseIsoDate } from '$lib/domain/schedule';

/** A real calendar day or nothing: 2026-02-30 would otherwise fail deep in the query. */
function isDay(value: string | null): value is string {
	if (value === null) {
		return false;
	}
	try {
		parseIsoDate(value);
		return true;
	} catch {
		return false;
	}
}

export const load: PageServerLoad = (event) => {
	const actor = requireStaff(event, 'audit.read');
	const q = event.url.searchParams;
	const date = (name: string) => {
		const value = q.get(name);
		return isDay(value) ? value : undefined;
	};
	const filters: AuditFilters = {
		action: q.get('action')?.slice(0, 60) || undefined,
		actorId: q.get('actor')?.slice(0, 40) || undefined,
		ok: q.get('ok') === 'yes' ? true : q.get('ok') === 'no' ? false : undefined,
		from: date('from'),
		to: date('to'),
		before: Number(q.get('before')) || undefined
	};
	const db = event.locals.db;
	const timeZone = clinicTimeZone(db, actor.clinicId);
	return { filters, timeZone, ...readAudit(db, actor, filters, timeZone) };
};
