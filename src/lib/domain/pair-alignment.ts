// How the later photo of a pair is drawn over the earlier one. Each photo is aligned to its
// course's baseline of the same view (T maps its upright pixels to the baseline's); two photos
// aligned to one baseline are aligned to each other by M = T_A⁻¹ ∘ T_B, B's pixels → A's.
// Pure: the server works M out, the page turns it into CSS.
import { IDENTITY, compose, invert, type Similarity } from './similarity';

/** One photo's `photo_alignment` row, as far as a comparison cares; null: not analysed yet. */
export interface PhotoAlignmentState {
	status: 'baseline' | 'aligned' | 'unsure' | 'failed';
	/** the baseline this photo was aligned to; null (or its own id) for the baseline itself */
	baselineId: string | null;
	reason: string | null;
	scale: number | null;
	rotationDeg: number | null;
	dx: number | null;
	dy: number | null;
}

/**
 * What the page can do with a pair: draw B in A's frame (`aligned`), or show both as taken and
 * say why — one could not be aligned (`failed`, `unsure`), or the job has not got to it
 * (`pending`).
 */
export type PairAlignment =
	| { status: 'aligned'; transform: Similarity }
	| { status: 'failed' | 'unsure'; reason: string }
	| { status: 'pending' };

interface Aligned {
	id: string;
	alignment: PhotoAlignmentState | null;
}

const UNKNOWN_REASON = 'no reason was recorded';

type NotAligned = Exclude<PairAlignment, { status: 'aligned' }>;
type ToBaseline = { baseline: string; t: Similarity };

const leads = (s: ToBaseline | NotAligned): s is ToBaseline => 'baseline' in s;

/** T of one photo and the baseline it leads to, or why there is none. */
function toBaseline(p: Aligned): ToBaseline | NotAligned {
	const a = p.alignment;
	if (!a) {
		return { status: 'pending' };
	}
	if (a.status === 'baseline') {
		return { baseline: a.baselineId ?? p.id, t: IDENTITY };
	}
	if (a.status === 'failed' || a.status === 'unsure') {
		return { status: a.status, reason: a.reason?.trim() || UNKNOWN_REASON };
	}
	const { baselineId, scale, rotationDeg, dx, dy } = a;
	// an aligned row without its numbers is not something to draw with
	if (
		!baselineId ||
		scale === null ||
		!(scale > 0) ||
		rotationDeg === null ||
		dx === null ||
		dy === null
	) {
		return { status: 'failed', reason: 'its alignment record is incomplete' };
	}
	return { baseline: baselineId, t: { scale, rotationDeg, dx, dy } };
}

/**
 * The pair's alignment: M = T_A⁻¹ ∘ T_B when both lead to the same baseline (either may be that
 * baseline). A failed photo outweighs an unsure one, which outweighs one not analysed yet.
 */
export function pairAlignment(before: Aligned, after: Aligned): PairAlignment {
	const [a, b] = [toBaseline(before), toBaseline(after)];
	if (leads(a) && leads(b)) {
		if (a.baseline !== b.baseline) {
			return { status: 'failed', reason: 'they were aligned to different first photos' };
		}
		return { status: 'aligned', transform: compose(invert(a.t), b.t) };
	}
	const states = [a, b].filter((s): s is NotAligned => !leads(s));
	for (const status of ['failed', 'unsure', 'pending'] as const) {
		const found = states.find((s) => s.status === status);
		if (found) {
			return found;
		}
	}
	return { status: 'pending' };
}
