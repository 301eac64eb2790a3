import type { RequestEvent } from '@sveltejs/kit';
import { requirePatientAccess, requireStaff, type Permission } from '$lib/server/auth/guard';

/** Who is acting on this page's patient, checked for `permission`; anyone else gets 404. */
export function actingOn(event: RequestEvent<{ id: string }>, permission: Permission) {
	const db = event.locals.db;
	const actor = requireStaff(event, permission);
	return { db, actor, patient: requirePatientAccess(db, actor, event.params.id, permission) };
}
