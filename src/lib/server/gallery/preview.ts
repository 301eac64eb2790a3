import sharp from 'sharp';
import type { Db } from '../db/client';
import type { StaffActor } from '../auth/guard';
import type { BlobStore } from '../storage/blob-store';
import { clinicCase } from './drafts';
import { photoSource } from './sources';
import { framedCase, redactedPixels, RedactionError } from './render';
import { pairAlignment } from './alignment';
import { imageWork } from '../photos/pipeline/image-work';
import { NO_REDACTION, type CaseRedactions } from '../../domain/redaction';

export const PREVIEW_WIDTH = 960;

/**
 * One photo of a case as the saved redaction makes it, through the very functions publishing
 * uses: the clinician sees the masks and the crop exactly as prospects will, the after photo
 * aligned to the before when the alignment job aligned them. Never stored.
 */
export async function previewImage(
	db: Db,
	store: BlobStore,
	actor: StaffActor,
	caseId: string,
	which: 'before' | 'after'
) {
	const c = clinicCase(db, actor, caseId);
	const redactions = { ...NO_REDACTION, ...(c.redactions as Partial<CaseRedactions>) };
	const photoId = which === 'before' ? c.beforePhotoId : c.afterPhotoId;
	const source = photoSource(db, store, photoId, redactions[which]);
	const align = which === 'after' ? pairAlignment(db, c.beforePhotoId, c.afterPhotoId) : null;
	return imageWork(actor.user.id, async () => {
		const pixels = align
			? await framedCase(photoSource(db, store, c.beforePhotoId, redactions.before), source, align)
					.then((f) => f.after)
					// crops of different shapes: publishing will refuse them; show the photo as taken
					.catch((e: unknown) =>
						e instanceof RedactionError ? redactedPixels(source) : Promise.reject(e)
					)
			: await redactedPixels(source);
		return sharp(pixels.data, { raw: pixels.info })
			.resize({ width: PREVIEW_WIDTH, withoutEnlargement: true })
			.webp({ quality: 80 })
			.toBuffer({ resolveWithObject: true });
	});
}
