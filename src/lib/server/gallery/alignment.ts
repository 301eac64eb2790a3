import { inArray } from 'drizzle-orm';
import type { Db, Tx } from '../db/client';
import { photoAlignment } from '../db/schema';
import { compose, invert, type Similarity } from '../photos/align/similarity';

/** How the after photo maps onto the before's pixels, and how sure the alignment was. */
export interface PairAlignment extends Similarity {
	method: string;
	confidence: number;
}

type Row = typeof photoAlignment.$inferSelect;

const aligned = (r: Row | undefined): r is Row & { baselineId: string } =>
	r?.status === 'aligned' &&
	r.baselineId !== null &&
	[r.scale, r.rotationDeg, r.dx, r.dy].every((v) => v !== null && Number.isFinite(v)) &&
	r.scale! > 0;

const transformOf = (r: Row): Similarity => ({
	scale: r.scale!,
	rotationDeg: r.rotationDeg!,
	dx: r.dx!,
	dy: r.dy!
});

/**
 * The similarity taking the after photo's upright full-size pixels to the before's, from the
 * alignment job's rows: the after aligned to the before itself, both aligned to one baseline
 * (after → before = T_before⁻¹ ∘ T_after), or the before aligned to the after. Null when
 * either is unsure, failed, not analysed yet or aligned to another baseline: then the pair is
 * shown as taken, and nothing about alignment is recorded.
 */
export function pairAlignment(
	db: Db | Tx,
	beforeId: string,
	afterId: string
): PairAlignment | null {
	const rows = db
		.select()
		.from(photoAlignment)
		.where(inArray(photoAlignment.photoId, [beforeId, afterId]))
		.all();
	const before = rows.find((r) => r.photoId === beforeId);
	const after = rows.find((r) => r.photoId === afterId);
	const methods = (...list: Row[]) =>
		[...new Set(list.map((r) => r.method ?? 'unknown'))].join(' + ');
	const confidence = (...list: Row[]) => Math.min(...list.map((r) => r.confidence ?? 0));
	if (aligned(after) && after.baselineId === beforeId) {
		return { ...transformOf(after), method: methods(after), confidence: confidence(after) };
	}
	if (aligned(after) && aligned(before) && after.baselineId === before.baselineId) {
		return {
			...compose(invert(transformOf(before)), transformOf(after)),
			method: methods(after, before),
			confidence: confidence(after, before)
		};
	}
	if (aligned(before) && before.baselineId === afterId) {
		return {
			...invert(transformOf(before)),
			method: methods(before),
			confidence: confidence(before)
		};
	}
	return null;
}
