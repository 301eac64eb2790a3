import { describe, expect, it } from 'vitest';
import { accentTokens, contrastWithWhite } from './accent';

describe('accentTokens', () => {
	it('derives a darker and a softer shade from a dark enough colour', () => {
		expect(accentTokens('#1D5C63')).toEqual({
			'--accent': '#1d5c63',
			'--accent-strong': '#154247',
			'--accent-soft': '#e4ebec',
			'--focus': '0 0 0 3px rgb(29 92 99 / 0.35)'
		});
	});

	it('refuses colours white text cannot be read on, and anything that is not #rrggbb', () => {
		expect(contrastWithWhite('#ffffff')).toBeCloseTo(1);
		expect(contrastWithWhite('#000000')).toBeCloseTo(21);
		expect(accentTokens('#f4a6b8')).toBeNull();
		expect(accentTokens('#6e6e6e')).not.toBeNull(); // 5.10:1 on white, 4.61:1 on the canvas
		expect(accentTokens('#767676')).toBeNull(); // 4.54:1 under white text, 4.11:1 as a link
		expect(accentTokens('#777777')).toBeNull(); // 4.48:1
		expect(accentTokens('red')).toBeNull();
		expect(accentTokens('#1d5c63; background:url(x)')).toBeNull();
		expect(accentTokens(null)).toBeNull();
	});
});
