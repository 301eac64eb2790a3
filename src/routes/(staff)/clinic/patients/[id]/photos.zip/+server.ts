import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { notFound, requirePatientAccess, requireStaff } from '$lib/server/auth/guard';
import { stepUpOk, stepUpRequired } from '$lib/server/auth/step-up';
import { recordPhotoDownload } from '$lib/server/photos/serve/photo-access-log';
import { photoArchive } from '$lib/server/photos/export/export-zip';
import { getStore } from '$lib/server/storage';

const escape = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/**
 * All of a patient's photos for clinical staff, as the patient's own ZIP: a bulk download of
 * someone else's faces, so it needs a fresh step-up proof. `?check` answers only whether it
 * would be handed over (204, or the 403 the page turns into the inline prompt).
 */
export const GET: RequestHandler = (event) => {
	// a file URL: signed out gets 404 like everyone without access, not a sign-in page
	if (!event.locals.user) {
		notFound();
	}
	const db = event.locals.db;
	const actor = requireStaff(event, 'photo.read');
	const p = requirePatientAccess(db, actor, event.params.id, 'photo.read');
	const checking = event.url.searchParams.has('check');
	if (!stepUpOk(event)) {
		if (checking || event.request.headers.get('accept')?.includes('application/json')) {
			return json(stepUpRequired(event), { status: 403 });
		}
		// without JavaScript the page's link lands here: say why, and lead on
		const confirm = `/account/step-up?next=${encodeURIComponent(event.url.pathname)}`;
		return new Response(
			'<!doctype html><html lang="en"><meta charset="utf-8">' +
				'<meta name="viewport" content="width=device-width, initial-scale=1">' +
				'<title>Confirm it is you · Resurface</title>' +
				"<p>Downloading all of a patient's photos needs a fresh proof that it is you.</p>" +
				`<p><a href="${escape(confirm)}">Confirm it is you</a>, and the download starts.</p>` +
				`<p><a href="/clinic/patients/${escape(p.id)}">Back to the patient</a></p></html>`,
			{
				status: 403,
				headers: { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' }
			}
		);
	}
	if (checking) {
		return new Response(null, { status: 204, headers: { 'Cache-Control': 'no-store' } });
	}
	const archive = photoArchive(db, getStore(), p.id, { owner: actor.user.id });
	recordPhotoDownload(db, actor, { type: 'patient', id: p.id }, `all photos=${archive.photoCount}`);
	return new Response(archive.stream, {
		headers: {
			'Content-Type': 'application/zip',
			'Content-Disposition': `attachment; filename="${archive.fileName}"`,
			'Cache-Control': 'private, no-store',
			'X-Content-Type-Options': 'nosniff'
		}
	});
};
