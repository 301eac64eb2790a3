import { json, type RequestEvent } from '@sveltejs/kit';
import { stepUpOk, stepUpRequired } from '../../auth/step-up';

const escape = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/**
 * A bulk download behind a fresh step-up (all photos, the whole record): null when it may go
 * ahead, else the answer to give. `?check` and JSON callers (the page's inline prompt) get the
 * 403 body the prompt reads, or 204 when it would be handed over; a link followed without
 * JavaScript gets a page that says why and leads to /account/step-up and back here.
 */
export function stepUpFileAnswer(
	event: RequestEvent,
	words: { needs: string; back: string }
): Response | null {
	const checking = event.url.searchParams.has('check');
	if (!stepUpOk(event)) {
		if (checking || event.request.headers.get('accept')?.includes('application/json')) {
			return json(stepUpRequired(event), { status: 403 });
		}
		const confirm = `/account/step-up?next=${encodeURIComponent(event.url.pathname)}`;
		return new Response(
			'<!doctype html><html lang="en"><meta charset="utf-8">' +
				'<meta name="viewport" content="width=device-width, initial-scale=1">' +
				'<title>Confirm it is you · Resurface</title>' +
				`<p>${escape(words.needs)} needs a fresh proof that it is you.</p>` +
				`<p><a href="${escape(confirm)}">Confirm it is you</a>, and the download starts.</p>` +
				`<p><a href="${escape(words.back)}">Back to the patient</a></p></html>`,
			{
				status: 403,
				headers: { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' }
			}
		);
	}
	if (checking) {
		return new Response(null, { status: 204, headers: { 'Cache-Control': 'no-store' } });
	}
	return null;
}

/** The headers of a private ZIP handed to the person who asked for it. */
export function zipHeaders(fileName: string): HeadersInit {
	return {
		'Content-Type': 'application/zip',
		'Content-Disposition': `attachment; filename="${fileName}"`,
		'Cache-Control': 'private, no-store',
		'X-Content-Type-Options': 'nosniff'
	};
}
