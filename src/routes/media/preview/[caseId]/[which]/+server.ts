import type { RequestHandler } from './$types';
import { getStore } from '$lib/server/storage';
import { notFound, requireStaff } from '$lib/server/auth/guard';
import { GalleryError } from '$lib/server/gallery/drafts';
import { previewImage } from '$lib/server/gallery/preview';

// Unpublished, unredacted-by-default pixels of a patient: staff who may publish, of the case's
// clinic, and no one else; every refusal is the same 404. Made on request, never stored.
export const GET: RequestHandler = async (event) => {
	if (!event.locals.user) {
		notFound();
	}
	const actor = requireStaff(event, 'gallery.publish');
	const which = event.params.which;
	if (which !== 'before' && which !== 'after') {
		notFound();
	}
	let image;
	try {
		image = await previewImage(event.locals.db, getStore(), actor, event.params.caseId, which);
	} catch (e) {
		if (e instanceof GalleryError) {
			notFound();
		}
		throw e;
	}
	return new Response(new Uint8Array(image.data), {
		headers: {
			'Content-Type': 'image/webp',
			'Content-Length': String(image.data.length),
			'Cache-Control': 'private, no-store',
			'X-Content-Type-Options': 'nosniff',
			'Cross-Origin-Resource-Policy': 'same-origin'
		}
	});
};
