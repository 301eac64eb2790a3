import type { PageServerLoad } from './$types';
import { getDb } from '$lib/server/db/client';
import { requireStaff } from '$lib/server/auth/guard';
import { readAudit, type AuditFilters } from '$lib/server/audit-log';

const DATE = /^\d{4}-\d{2}-\d{2}$/;

export const load: PageServerLoad = (event) => {
	const actor = requireStaff(event, 'audit.read');
	const q = event.url.searchParams;
	const date = (name: string) => (DATE.test(q.get(name) ?? '') ? q.get(name)! : undefined);
	const filters: AuditFilters = {
		action: q.get('action')?.slice(0, 60) || undefined,
		actorId: q.get('actor')?.slice(0, 40) || undefined,
		ok: q.get('ok') === 'yes' ? true : q.get('ok') === 'no' ? false : undefined,
		from: date('from'),
		to: date('to'),
		before: Number(q.get('before')) || undefined
	};
	return { filters, ...readAudit(getDb(), actor, filters) };
};
