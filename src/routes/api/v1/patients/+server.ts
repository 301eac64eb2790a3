import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { actorOrNotFound, can, notFound } from '$lib/server/auth/guard';
import { listPatients } from '$lib/server/patients/patients';

/** The clinic's current patients (`?q=` searches names), so an integration can find an id. */
export const GET: RequestHandler = (event) => {
	const actor = actorOrNotFound(event.locals.db, event);
	if ('patient' in actor || !can(actor.user.role, 'patient.read')) {
		notFound();
	}
	const q = event.url.searchParams.get('q')?.slice(0, 100) ?? '';
	const patients = listPatients(event.locals.db, actor, { q }).map((p) => ({
		id: p.id,
		name: p.displayName,
		fitzpatrick: p.fitzpatrick,
		concerns: p.concerns
	}));
	return json({ patients });
};
