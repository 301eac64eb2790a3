import type { GalleryCase } from '../db/schema';
import { keys } from '../storage';
import type { RenderedImage } from './render';
import { sha256Hex } from './provenance';

/** The gallery_image row of a rendered file; the as-taken after is an `after` under its own token. */
export function imageRow(
	c: Pick<GalleryCase, 'id' | 'clinicId'>,
	token: string,
	img: RenderedImage
) {
	return {
		token,
		caseId: c.id,
		clinicId: c.clinicId,
		which: img.which === 'asTaken' ? ('after' as const) : img.which,
		width: img.width,
		height: img.height,
		format: img.format,
		bytes: img.data.length,
		key: keys.publicImage(token, img.width, img.format),
		placeholder: img.placeholder,
		sha256: sha256Hex(img.data)
	};
}
