import { describe, expect, it } from 'vitest';
import { captureWarningWords, type QualityFigures } from './capture-warnings';

const q = (over: Partial<QualityFigures>): QualityFigures => ({
	sharpnessVsBaseline: 1,
	exposureEv: 0,
	whiteBalance: { rg: 1, bg: 1 },
	warnings: [],
	...over
});

describe('captureWarningWords', () => {
	it('says nothing for a photo without warnings', () => {
		expect(captureWarningWords(q({ exposureEv: -0.3 }))).toEqual([]);
	});

	it('gives each warning its figure', () => {
		expect(
			captureWarningWords(
				q({
					warnings: ['blurred', 'darker', 'colour', 'tilted'],
					sharpnessVsBaseline: 0.57,
					exposureEv: -1.04,
					whiteBalance: { rg: 0.95, bg: 1.3 }
				}),
				-7.6
			)
		).toEqual([
			'Blurred: 57 % as sharp as the first photo.',
			'Darker: 1.0 stop less light than the first photo.',
			'Off in colour: bluer than the first photo.',
			'Tilted: 8° against the first photo.'
		]);
	});

	it('names the colour by the larger shift, and brighter in stops', () => {
		const words = captureWarningWords(
			q({ warnings: ['brighter', 'colour'], exposureEv: 0.62, whiteBalance: { rg: 1.3, bg: 0.9 } })
		);
		expect(words).toEqual([
			'Brighter: 0.6 stops more light than the first photo.',
			'Off in colour: redder than the first photo.'
		]);
	});
});
