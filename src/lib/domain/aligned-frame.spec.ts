import { describe, expect, it } from 'vitest';
import { alignedFrameStyle } from './aligned-frame';

describe('aligned frame CSS', () => {
	it('sizes B by A’s pixel and moves it by M in shares of its own size', () => {
		const style = alignedFrameStyle(
			{ scale: 0.97, rotationDeg: 2.1, dx: 48, dy: -32 },
			{ width: 1200, height: 1600 },
			{ width: 960, height: 1280 }
		);
		expect(style).toEqual({
			width: '80%',
			height: '80%',
			transform: 'translate(5%, -2.5%) rotate(2.1deg) scale(0.97)'
		});
	});

	it('is B filling A’s box unmoved for the identity of two photos of one size', () => {
		const size = { width: 1200, height: 1600 };
		expect(alignedFrameStyle({ scale: 1, rotationDeg: 0, dx: 0, dy: 0 }, size, size)).toEqual({
			width: '100%',
			height: '100%',
			transform: 'translate(0%, 0%) rotate(0deg) scale(1)'
		});
	});
});
