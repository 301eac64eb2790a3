/**
 * A photo's capture check in the words a clinician reads while the patient is still in the
 * chair (issue 18): each warning the alignment job raised, said with its figure where it has one.
 */
export type CaptureWarning =
	'blurred' | 'darker' | 'brighter' | 'colour' | 'turned' | 'tilted' | 'framing';

export interface QualityFigures {
	sharpnessVsBaseline: number;
	exposureEv: number;
	whiteBalance: { rg: number; bg: number };
	warnings: CaptureWarning[];
}

const stops = (ev: number) => {
	const n = Math.abs(ev).toFixed(1);
	return `${n} ${n === '1.0' ? 'stop' : 'stops'}`;
};

/** Which way the colour moved: the larger of the two ratios' departures names it. */
function colourShift({ rg, bg }: QualityFigures['whiteBalance']): string {
	const off = (r: number) => Math.abs(Math.log(r));
	if (off(rg) >= off(bg)) {
		return rg > 1 ? 'redder' : 'greener';
	}
	return bg > 1 ? 'bluer' : 'yellower';
}

/**
 * One sentence per warning, against "the first photo" of the course (the baseline), in the
 * order a photographer would fix them: focus, light, colour, pose, framing.
 */
export function captureWarningWords(q: QualityFigures, rotationDeg?: number | null): string[] {
	const words: string[] = [];
	const has = (w: CaptureWarning) => q.warnings.includes(w);
	if (has('blurred')) {
		words.push(
			`Blurred: ${Math.round(q.sharpnessVsBaseline * 100)} % as sharp as the first photo.`
		);
	}
	if (has('darker')) {
		words.push(`Darker: ${stops(q.exposureEv)} less light than the first photo.`);
	}
	if (has('brighter')) {
		words.push(`Brighter: ${stops(q.exposureEv)} more light than the first photo.`);
	}
	if (has('colour')) {
		words.push(`Off in colour: ${colourShift(q.whiteBalance)} than the first photo.`);
	}
	if (has('turned')) {
		words.push('Head turned: facing another way than in the first photo.');
	}
	if (has('tilted')) {
		words.push(
			typeof rotationDeg === 'number'
				? `Tilted: ${Math.abs(rotationDeg).toFixed(0)}° against the first photo.`
				: 'Tilted against the first photo.'
		);
	}
	if (has('framing')) {
		words.push('Framed differently: nearer, farther or off-centre against the first photo.');
	}
	return words;
}

/** A warning in one word, for a badge on a thumbnail. */
export const WARNING_SHORT: Record<CaptureWarning, string> = {
	blurred: 'Blurred',
	darker: 'Darker',
	brighter: 'Brighter',
	colour: 'Colour',
	turned: 'Turned',
	tilted: 'Tilted',
	framing: 'Framing'
};

/** "Darker, tilted": a photo's kept warnings in a few words; empty without any. */
export function warningSummary(warnings: readonly CaptureWarning[]): string {
	const words = warnings.map((w, i) => (i ? WARNING_SHORT[w].toLowerCase() : WARNING_SHORT[w]));
	return words.join(', ');
}
