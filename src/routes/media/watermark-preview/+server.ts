import { error } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { getStore } from '$lib/server/storage';
import { notFound, requireStaff } from '$lib/server/auth/guard';
import { clinicHasLogo, parseWatermark } from '$lib/server/clinic/watermark-settings';
import { watermarkPreview } from '$lib/server/gallery/watermark-preview';

// The watermark settings page's live preview: the owner's choice, not yet saved, on a made-up
// sample photo. Only the owner (who may change it) sees it; anyone else gets the same 404.
export const GET: RequestHandler = async (event) => {
	if (!event.locals.user) {
		notFound();
	}
	const actor = requireStaff(event, 'clinic.settings');
	const parsed = parseWatermark(event.url.searchParams, clinicHasLogo(event.locals.db, actor));
	if (!parsed.ok) {
		error(400, parsed.message);
	}
	const data = await watermarkPreview(event.locals.db, getStore(), actor, parsed.data);
	return new Response(new Uint8Array(data), {
		headers: {
			'Content-Type': 'image/webp',
			'Content-Length': String(data.length),
			'Cache-Control': 'private, no-store',
			'X-Content-Type-Options': 'nosniff',
			'Cross-Origin-Resource-Policy': 'same-origin'
		}
	});
};
