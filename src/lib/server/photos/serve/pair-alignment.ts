import { inArray } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { photoAlignment } from '../../db/schema';
import {
	pairAlignment,
	type PairAlignment,
	type PhotoAlignmentState
} from '../../../domain/pair-alignment';

/**
 * The alignment rows of these photos, by photo id; a photo the job has not analysed has none.
 * Callers pass only photos they have already shown the actor may see.
 */
export function alignmentsOf(db: Db, photoIds: string[]): Map<string, PhotoAlignmentState> {
	if (photoIds.length === 0) {
		return new Map();
	}
	const rows = db
		.select({
			photoId: photoAlignment.photoId,
			status: photoAlignment.status,
			baselineId: photoAlignment.baselineId,
			reason: photoAlignment.reason,
			scale: photoAlignment.scale,
			rotationDeg: photoAlignment.rotationDeg,
			dx: photoAlignment.dx,
			dy: photoAlignment.dy
		})
		.from(photoAlignment)
		.where(inArray(photoAlignment.photoId, [...new Set(photoIds)]))
		.all();
	return new Map(rows.map(({ photoId, ...state }) => [photoId, state]));
}

/** How B is drawn over A (B's pixels → A's), from the two photos' rows. */
export function pairAlignmentOf(db: Db, a: string, b: string): PairAlignment {
	const rows = alignmentsOf(db, [a, b]);
	return pairAlignment(
		{ id: a, alignment: rows.get(a) ?? null },
		{ id: b, alignment: rows.get(b) ?? null }
	);
}
