import { describe, expect, it } from 'vitest';
import { pairAlignment, type PhotoAlignmentState } from './pair-alignment';
import { aboutCentre, apply, type Similarity } from './similarity';

const baseline: PhotoAlignmentState = {
	status: 'baseline',
	baselineId: null,
	reason: null,
	scale: null,
	rotationDeg: null,
	dx: null,
	dy: null
};
const alignedBy = (t: Similarity, baselineId = 'base'): PhotoAlignmentState => ({
	...baseline,
	status: 'aligned',
	baselineId,
	...t
});
const notAligned = (status: 'failed' | 'unsure', reason: string | null): PhotoAlignmentState => ({
	...baseline,
	status,
	baselineId: 'base',
	reason
});

const tA = aboutCentre(0.95, 3, [600, 800], [40, -25]);
const tB = aboutCentre(1.08, -4.5, [600, 800], [-30, 60]);

function expectClose(got: readonly number[], want: readonly number[]) {
	got.forEach((v, i) => expect(v).toBeCloseTo(want[i], 6));
}

describe('pair alignment (B drawn in A’s frame)', () => {
	it('takes B’s pixels to the A pixels that show the same point of the baseline', () => {
		const got = pairAlignment(
			{ id: 'a', alignment: alignedBy(tA) },
			{ id: 'b', alignment: alignedBy(tB) }
		);
		expect(got.status).toBe('aligned');
		const m = got.status === 'aligned' ? got.transform : null;
		for (const p of [
			[0, 0],
			[1200, 0],
			[317, 1444],
			[600, 800]
		] as const) {
			// T_A(M(p)) = T_B(p): both land on the same baseline pixel
			expectClose(apply(tA, apply(m!, p)), apply(tB, p));
		}
	});

	it('is B’s own transform when A is the baseline, and its inverse when B is', () => {
		const withBaseline = pairAlignment(
			{ id: 'base', alignment: baseline },
			{ id: 'b', alignment: alignedBy(tB) }
		);
		expect(withBaseline.status === 'aligned' && withBaseline.transform.scale).toBeCloseTo(1.08, 9);
		const m = withBaseline.status === 'aligned' ? withBaseline.transform : null;
		expectClose(apply(m!, [123, 456]), apply(tB, [123, 456]));

		const reversed = pairAlignment(
			{ id: 'b', alignment: alignedBy(tB) },
			{ id: 'base', alignment: baseline }
		);
		const r = reversed.status === 'aligned' ? reversed.transform : null;
		expectClose(apply(tB, apply(r!, [123, 456])), [123, 456]);
	});

	it('is the identity for two photos aligned by the same transform, and for the baseline with itself', () => {
		const same = pairAlignment(
			{ id: 'a', alignment: alignedBy(tA) },
			{ id: 'b', alignment: alignedBy(tA) }
		);
		expect(same.status).toBe('aligned');
		const m = same.status === 'aligned' ? same.transform : null;
		expect(m!.scale).toBeCloseTo(1, 9);
		expect(m!.rotationDeg).toBeCloseTo(0, 9);
		expect(m!.dx).toBeCloseTo(0, 6);
		expect(m!.dy).toBeCloseTo(0, 6);
		// a baseline row that names itself leads to itself
		const self = pairAlignment(
			{ id: 'base', alignment: { ...baseline, baselineId: 'base' } },
			{ id: 'b', alignment: alignedBy({ scale: 1, rotationDeg: 0, dx: 0, dy: 0 }) }
		);
		expect(self).toEqual({
			status: 'aligned',
			transform: { scale: 1, rotationDeg: 0, dx: 0, dy: 0 }
		});
	});

	it('has no transform when the two lead to different baselines', () => {
		expect(
			pairAlignment(
				{ id: 'a', alignment: alignedBy(tA, 'one') },
				{ id: 'b', alignment: alignedBy(tB, 'other') }
			)
		).toEqual({ status: 'failed', reason: 'they were aligned to different first photos' });
		expect(
			pairAlignment({ id: 'a', alignment: baseline }, { id: 'b', alignment: baseline }).status
		).toBe('failed');
	});

	it('has none when either is unsure or failed, with its reason; failed outweighs unsure', () => {
		const a = { id: 'a', alignment: alignedBy(tA) };
		expect(
			pairAlignment(a, { id: 'b', alignment: notAligned('unsure', 'the eyes were half closed') })
		).toEqual({ status: 'unsure', reason: 'the eyes were half closed' });
		expect(
			pairAlignment(
				{ id: 'a', alignment: notAligned('unsure', 'low confidence') },
				{ id: 'b', alignment: notAligned('failed', 'no face was found') }
			)
		).toEqual({ status: 'failed', reason: 'no face was found' });
		expect(pairAlignment(a, { id: 'b', alignment: notAligned('failed', '  ') })).toEqual({
			status: 'failed',
			reason: 'no reason was recorded'
		});
	});

	it('is pending while either has no row, unless the other already failed', () => {
		const a = { id: 'a', alignment: alignedBy(tA) };
		expect(pairAlignment(a, { id: 'b', alignment: null })).toEqual({ status: 'pending' });
		expect(pairAlignment({ id: 'a', alignment: null }, { id: 'b', alignment: null })).toEqual({
			status: 'pending'
		});
		expect(
			pairAlignment({ id: 'a', alignment: null }, { id: 'b', alignment: notAligned('failed', 'x') })
				.status
		).toBe('failed');
	});

	it('does not draw with an aligned row that lacks its numbers', () => {
		const broken = { ...alignedBy(tB), scale: null };
		expect(
			pairAlignment({ id: 'a', alignment: baseline }, { id: 'b', alignment: broken }).status
		).toBe('failed');
	});
});
