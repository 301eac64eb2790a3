import { describe, expect, it } from 'vitest';
import { framedAspect, parseRedactions, sameShape, toPixels } from './redaction';

const none = { crop: null, masks: [] };

describe('redaction', () => {
	it('accepts crops and masks inside the photo', () => {
		const r = parseRedactions({
			before: {
				crop: { x: 0.1, y: 0.2, w: 0.5, h: 0.5 },
				masks: [{ kind: 'bar', x: 0.2, y: 0.3, w: 0.4, h: 0.05 }]
			},
			after: none
		});
		expect(r.ok && r.value.before.masks[0].kind).toBe('bar');
	});

	it.each([
		['a crop past the edge', { crop: { x: 0.6, y: 0, w: 0.5, h: 0.5 }, masks: [] }, /crop/],
		['a crop of a sliver', { crop: { x: 0, y: 0, w: 0.05, h: 0.5 }, masks: [] }, /crop/],
		[
			'a negative mask',
			{ crop: null, masks: [{ kind: 'blur', x: -0.1, y: 0, w: 0.2, h: 0.2 }] },
			/mask/
		],
		[
			'an unknown mask kind',
			{ crop: null, masks: [{ kind: 'paint', x: 0, y: 0, w: 0.2, h: 0.2 }] },
			/mask/
		],
		['strings for numbers', { crop: { x: '0', y: 0, w: 1, h: 1 }, masks: [] }, /crop/],
		[
			'too many masks',
			{ crop: null, masks: Array(13).fill({ kind: 'bar', x: 0, y: 0, w: 0.1, h: 0.1 }) },
			/At most 12/
		]
	])('refuses %s with a message', (_, before, message) => {
		const r = parseRedactions({ before, after: none });
		expect(r.ok).toBe(false);
		expect(!r.ok && r.message).toMatch(message);
	});

	it('refuses a missing half', () => {
		expect(parseRedactions({ before: none }).ok).toBe(false);
		expect(parseRedactions(null).ok).toBe(false);
	});

	it('turns fractions into whole pixels inside the image', () => {
		expect(toPixels({ x: 0.5, y: 0.5, w: 0.5, h: 0.5 }, 101, 51)).toEqual({
			left: 51,
			top: 26,
			width: 50,
			height: 25
		});
		expect(toPixels({ x: 1, y: 1, w: 0, h: 0 }, 10, 10)).toEqual({
			left: 9,
			top: 9,
			width: 1,
			height: 1
		});
	});

	it('compares the shapes of two framings in pixels', () => {
		const portrait = framedAspect({ x: 0, y: 0, w: 0.75, h: 1 }, 4000, 3000); // 3000×3000
		expect(portrait).toBe(1);
		expect(sameShape(portrait, framedAspect(null, 3000, 3000))).toBe(true);
		expect(sameShape(portrait, framedAspect(null, 4000, 3000))).toBe(false);
	});
});
