import { describe, expect, it } from 'vitest';
import { cardImages } from './cards';

const set = (widths: number[]) => ({
	placeholder: 'x',
	variants: widths.flatMap((width) =>
		(['avif', 'webp'] as const).map((format) => ({
			width,
			height: width * 1.25,
			format,
			url: `/media/public/t/${width}.${format}`
		}))
	)
});

describe('cardImages', () => {
	it('offers AVIF up to 480 px and WebP only in the smallest width, largest last', () => {
		const urls = cardImages(set([320, 480, 640, 960, 1280])).variants.map((v) => v.url);
		expect(urls).toEqual([
			'/media/public/t/320.webp',
			'/media/public/t/320.avif',
			'/media/public/t/480.avif'
		]);
	});

	it('keeps the one size a small photo has, even when it is wider than a card needs', () => {
		expect(cardImages(set([600])).variants.map((v) => v.url)).toEqual([
			'/media/public/t/600.webp',
			'/media/public/t/600.avif'
		]);
		expect(cardImages(set([192])).variants.map((v) => v.url)).toEqual([
			'/media/public/t/192.webp',
			'/media/public/t/192.avif'
		]);
	});
});
