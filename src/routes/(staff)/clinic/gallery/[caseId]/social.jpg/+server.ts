import { error } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { notFound, requireStaff } from '$lib/server/auth/guard';
import { GalleryError } from '$lib/server/gallery/drafts';
import { exportSocialCollage } from '$lib/server/gallery/social-export';
import { getStore } from '$lib/server/storage';
import { parseSocialExport } from '$lib/domain/social-export';

/**
 * A social media collage of a published case, as a download. A POST (a form, so the CSRF check
 * covers it) because each one is logged with where staff say it will be posted; the page's
 * script shows a refusal's message beside the form, and without script the error page says it.
 */
export const POST: RequestHandler = async (event) => {
	// a file URL: signed out gets 404 like everyone without access, not a sign-in page
	if (!event.locals.user) {
		notFound();
	}
	const actor = requireStaff(event, 'gallery.publish');
	const data = await event.request.formData().catch(() => error(400, 'Send the form again.'));
	const input = parseSocialExport({
		size: data.get('size'),
		postedWhere: data.get('postedWhere'),
		postUrl: data.get('postUrl')
	});
	if (!input.ok) {
		error(400, input.message);
	}
	try {
		const out = await exportSocialCollage(
			event.locals.db,
			getStore(),
			actor,
			event.params.caseId,
			input.data
		);
		return new Response(new Uint8Array(out.bytes), {
			headers: {
				'content-type': 'image/jpeg',
				'content-length': String(out.bytes.length),
				'content-disposition': `attachment; filename="${out.fileName}"`,
				'cache-control': 'private, no-store'
			}
		});
	} catch (e) {
		if (e instanceof GalleryError) {
			error(e.status, e.message);
		}
		throw e;
	}
};
