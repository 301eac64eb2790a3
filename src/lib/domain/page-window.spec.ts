import { describe, expect, it } from 'vitest';
import { pageWindow } from './page-window';

describe('pageWindow', () => {
	it('lists every page of a short list', () => {
		expect(pageWindow(1, 1)).toEqual([1]);
		expect(pageWindow(2, 5)).toEqual([1, 2, 3, 4, 5]);
		expect(pageWindow(1, 9)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
	});

	it('keeps the ends and the pages around the current one, with gaps between', () => {
		expect(pageWindow(1, 417)).toEqual([1, 2, 3, 'gap', 417]);
		expect(pageWindow(6, 417)).toEqual([1, 'gap', 4, 5, 6, 7, 8, 'gap', 417]);
		expect(pageWindow(417, 417)).toEqual([1, 'gap', 415, 416, 417]);
	});

	it('shows a lone left-out page rather than a gap for it', () => {
		expect(pageWindow(5, 10)).toEqual([1, 2, 3, 4, 5, 6, 7, 'gap', 10]);
		expect(pageWindow(6, 10)).toEqual([1, 'gap', 4, 5, 6, 7, 8, 9, 10]);
	});
});
