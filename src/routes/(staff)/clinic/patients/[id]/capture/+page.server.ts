import { error } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';
import { notFound, requirePatientAccess, requireStaff } from '$lib/server/auth/guard';
import { hasActivePhotoConsent } from '$lib/server/photos/intake/ingest';
import { captureSessions, findGhost, type StandardView } from '$lib/server/photos/serve/ghost';
import { STANDARD_VIEWS } from '$lib/domain/views';

function isStandardView(value: string): value is StandardView {
	return (STANDARD_VIEWS as readonly string[]).includes(value);
}

export const load: PageServerLoad = (event) => {
	const actor = requireStaff(event, 'photo.write');
	const db = event.locals.db;
	const p = requirePatientAccess(db, actor, event.params.id, 'photo.write');

	const view = event.url.searchParams.get('view') || 'front';
	if (!isStandardView(view)) {
		error(400, 'Choose one of the standard views: front, left45, right45, left90 or right90.');
	}
	const sessions = captureSessions(db, actor, p.id);
	const sessionId = event.url.searchParams.get('session') || null;
	// A session id that is not one of this patient's answers 404 rather than being ignored:
	// ignoring it would file the capture as a follow-up while the clinician believes it went
	// into that session, and 404 is what every other unknown or foreign id answers.
	if (sessionId && !sessions.some((s) => s.id === sessionId)) {
		notFound();
	}

	const consented = hasActivePhotoConsent(db, p.id);
	return {
		patient: { id: p.id, displayName: p.displayName },
		sessions,
		sessionId,
		view,
		consented,
		// No consent, no camera: and no baseline photo is shown either, as nothing will be taken.
		ghost: consented ? findGhost(db, actor, p.id, { sessionId, view }) : null
	};
};
