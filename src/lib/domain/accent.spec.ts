import { describe, expect, it } from 'vitest';
import { AA_CONTRAST, DARK_SURFACE, accentTokens, contrast, contrastWithWhite } from './accent';

describe('accentTokens', () => {
	it('derives a darker and a softer shade from a dark enough colour', () => {
		expect(accentTokens('#1D5C63')).toEqual({
			'--brand': '#1d5c63',
			'--brand-strong': '#154247',
			'--brand-soft': '#e4ebec',
			'--brand-ink-dark': '#8eaeb1',
			'--brand-soft-dark': '#1b2f32'
		});
	});

	it('gives the dark theme a link colour that reads at AA on its cards and badges', () => {
		// the darkest and the lightest colours the form accepts, and hues between
		for (const hex of ['#000000', '#6e6e6e', '#1d5c63', '#8a1538', '#2b3a8f', '#0a6b2f']) {
			const t = accentTokens(hex)!;
			expect(contrast(t['--brand-ink-dark'], DARK_SURFACE)).toBeGreaterThanOrEqual(AA_CONTRAST);
			expect(contrast(t['--brand-ink-dark'], t['--brand-soft-dark'])).toBeGreaterThanOrEqual(
				AA_CONTRAST
			);
		}
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
