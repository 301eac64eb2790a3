import { describe, expect, it } from 'vitest';
import {
	aspectChoiceOf,
	fitCrop,
	moveRect,
	pixelAspect,
	resizeCrop,
	resizeRect,
	withAspect
} from './redaction-edit';
import { MIN_CROP, parseRedactions, sameShape } from './redaction';

const portrait = { width: 900, height: 1200 };
const landscape = { width: 1600, height: 1200 };
const inside = (r: { x: number; y: number; w: number; h: number }) =>
	r.x >= 0 && r.y >= 0 && r.x + r.w <= 1 + 1e-9 && r.y + r.h <= 1 + 1e-9;

describe('redaction editing', () => {
	it('keeps a moved rectangle whole inside the photo', () => {
		const r = { x: 0.7, y: 0.1, w: 0.2, h: 0.1 };
		expect(moveRect(r, 0.5, -0.5)).toEqual({ x: 0.8, y: 0, w: 0.2, h: 0.1 });
		const moved = moveRect(r, -0.01, 0.02);
		expect([moved.x, moved.y, moved.w]).toEqual([expect.closeTo(0.69), expect.closeTo(0.12), 0.2]);
	});

	it('resizes from the top-left corner, never below the minimum nor past the edge', () => {
		const r = { x: 0.5, y: 0.5, w: 0.2, h: 0.2 };
		expect(resizeRect(r, 1, 1)).toMatchObject({ w: 0.5, h: 0.5 });
		expect(resizeRect(r, -1, -1)).toMatchObject({ w: 0.01, h: 0.01 });
	});

	it.each([
		['4:5 on a portrait photo', 4 / 5, portrait],
		['1:1 on a landscape photo', 1, landscape],
		['3:4 on a landscape photo', 3 / 4, landscape]
	])('fits a centred crop of %s', (_, ratio, size) => {
		const c = fitCrop(ratio, size);
		expect(pixelAspect(c, size)).toBeCloseTo(ratio, 6);
		expect(inside(c)).toBe(true);
		expect(c.x + c.w / 2).toBeCloseTo(0.5);
	});

	it('gives two photos of different shapes crops the server accepts as one shape', () => {
		const ratio = 4 / 5;
		const before = withAspect({ x: 0.1, y: 0.1, w: 0.6, h: 0.3 }, ratio, portrait);
		const after = withAspect({ x: 0.5, y: 0.2, w: 0.5, h: 0.5 }, ratio, landscape);
		expect(inside(before) && inside(after)).toBe(true);
		expect(sameShape(pixelAspect(before, portrait), pixelAspect(after, landscape))).toBe(true);
		const parsed = parseRedactions({
			before: { crop: before, masks: [] },
			after: { crop: after, masks: [] }
		});
		expect(parsed.ok).toBe(true);
	});

	it('shrinks a crop that would be taller than the photo', () => {
		const r = withAspect({ x: 0, y: 0, w: 1, h: 1 }, 1 / 2, landscape);
		expect(r.h).toBeCloseTo(1);
		expect(pixelAspect(r, landscape)).toBeCloseTo(1 / 2);
		expect(inside(r)).toBe(true);
	});

	it('keeps the ratio when a locked crop is resized either way, and stays inside', () => {
		const start = fitCrop(1, portrait, 0.5);
		for (const [dw, dh] of [
			[0.1, 0],
			[0, -0.1],
			[1, 1],
			[-1, -1]
		]) {
			const r = resizeCrop(start, dw, dh, 1, portrait);
			expect(pixelAspect(r, portrait)).toBeCloseTo(1, 6);
			expect(inside(r)).toBe(true);
			expect(Math.min(r.w, r.h)).toBeGreaterThanOrEqual(MIN_CROP - 1e-9);
		}
		expect(resizeCrop(start, 0.1, 0, 1, portrait).w).toBeCloseTo(start.w + 0.1);
		// a free crop changes one side only
		expect(resizeCrop(start, 0, 0.1, null, portrait)).toMatchObject({ w: start.w });
	});

	it('recognises the ratio of saved crops, and no crop as the whole photo', () => {
		const sizes = { before: portrait, after: landscape };
		const crops = (b: object | null, a: object | null) =>
			({ before: { crop: b, masks: [] }, after: { crop: a, masks: [] } }) as never;
		expect(aspectChoiceOf(crops(null, null), sizes)).toBe('none');
		expect(aspectChoiceOf(crops(fitCrop(4 / 5, portrait), fitCrop(4 / 5, landscape)), sizes)).toBe(
			'4:5'
		);
		expect(
			aspectChoiceOf(crops({ x: 0, y: 0, w: 0.5, h: 0.3 }, { x: 0, y: 0, w: 0.5, h: 0.3 }), sizes)
		).toBe('free');
	});
});
