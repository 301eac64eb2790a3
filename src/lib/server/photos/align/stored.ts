// What the alignment job found for photos, as the API and the staff pages read it.
import { inArray } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { photoAlignment } from '../../db/schema';
import { captureWarningWords } from '../../../domain/capture-warnings';
import type { Face, Quality } from './types';
import type { AlignOperation } from '../../../domain/provenance';

export type AlignmentStatus = 'pending' | 'baseline' | 'aligned' | 'unsure' | 'failed';

/**
 * The API's `alignment` (DESIGN "Interfaces"): this photo's upright pixels → `to`'s. The same
 * fields as a provenance record's align step, which is made from it.
 */
export type ApiAlignment = Omit<AlignOperation, 'op'>;

export interface PhotoAnalysis {
	/** pending until the job has looked at it (and while the photo is processing) */
	alignmentStatus: AlignmentStatus;
	/** why it could not be aligned, when unsure or failed */
	alignmentNote: string | null;
	alignment: ApiAlignment | null;
	face: Face | null;
	quality: Quality | null;
	/** the quality's warnings in words, against the course's first photo */
	warnings: string[];
}

const PENDING: PhotoAnalysis = {
	alignmentStatus: 'pending',
	alignmentNote: null,
	alignment: null,
	face: null,
	quality: null,
	warnings: []
};

/** Each photo's analysis by id; a photo not analysed yet is `pending`. */
export function analysesOf(db: Db, photoIds: string[]): Map<string, PhotoAnalysis> {
	const rows = photoIds.length
		? db.select().from(photoAlignment).where(inArray(photoAlignment.photoId, photoIds)).all()
		: [];
	const byId = new Map(rows.map((r) => [r.photoId, r]));
	return new Map(
		photoIds.map((id) => {
			const r = byId.get(id);
			if (!r) {
				return [id, PENDING];
			}
			const quality = (r.quality as Quality | null) ?? null;
			const aligned =
				r.status === 'aligned' &&
				r.baselineId !== null &&
				r.method !== null &&
				r.confidence !== null &&
				r.scale !== null &&
				r.rotationDeg !== null &&
				r.dx !== null &&
				r.dy !== null;
			return [
				id,
				{
					alignmentStatus: r.status,
					alignmentNote: r.reason,
					alignment: aligned
						? {
								to: r.baselineId!,
								method: r.method!,
								confidence: r.confidence!,
								scale: r.scale!,
								rotationDeg: r.rotationDeg!,
								dx: r.dx!,
								dy: r.dy!
							}
						: null,
					face: (r.face as Face | null) ?? null,
					quality,
					warnings: quality ? captureWarningWords(quality, r.rotationDeg) : []
				}
			];
		})
	);
}

/** Photos (summaries or rows) with their analysis merged in. */
export function withAnalysis<T extends { id: string }>(db: Db, photos: T[]): (T & PhotoAnalysis)[] {
	const all = analysesOf(
		db,
		photos.map((p) => p.id)
	);
	return photos.map((p) => ({ ...p, ...all.get(p.id)! }));
}
