import { describe, expect, it } from 'vitest';
import {
	captureDifferences,
	checkReason,
	eyesShown,
	uncoveredEyes,
	type CaptureFacts,
	type FaceFinding
} from './publish-checks';

const facts = (over: Partial<CaptureFacts> & { warnings?: string[] } = {}): CaptureFacts => ({
	status: 'aligned',
	reason: null,
	againstOther: true,
	rotationDeg: 0,
	scale: 1,
	...over,
	quality: {
		sharpnessVsBaseline: 0.55,
		exposureEv: 0.62,
		whiteBalance: { rg: 1.2, bg: 0.9 },
		warnings: (over.warnings ?? []) as NonNullable<CaptureFacts['quality']>['warnings']
	}
});
const face: FaceFinding = {
	found: true,
	eyes: [
		[0.4, 0.3],
		[0.6, 0.3]
	],
	bar: { x: 0.3, y: 0.25, w: 0.4, h: 0.1 }
};
const none: FaceFinding = { found: false, known: true };
const unknown: FaceFinding = { found: false, known: false };
const bare = { crop: null, masks: [] };

describe('captureDifferences', () => {
	it('says nothing of a photo never checked or within the tolerances', () => {
		expect(captureDifferences('after', null)).toEqual([]);
		expect(captureDifferences('after', facts())).toEqual([]);
	});

	it('puts each warning in words, against the other photo or the course baseline', () => {
		expect(
			captureDifferences(
				'after',
				facts({
					warnings: ['blurred', 'brighter', 'colour', 'turned', 'tilted', 'framing'],
					rotationDeg: -6.3,
					scale: 1.18
				})
			)
		).toEqual([
			'The after photo is blurred: 55 % of the sharpness of the before.',
			'The after photo is 0.6 stops brighter than the before.',
			'The after photo is off in colour against the before (red 20 %, blue 10 % different).',
			'The head is turned differently in the after photo than in the before.',
			'The after photo is tilted 6.3° against the before.',
			'The after photo is taken from further away than the before (18 % in scale).'
		]);
		expect(
			captureDifferences('before', facts({ status: 'failed', againstOther: false, warnings: [] }))
		).toEqual([
			'The before photo could not be aligned to the course’s first photo of this view, so the pair is shown as taken.'
		]);
	});
});

describe('eyes', () => {
	it('are hidden by a mask over each eye centre or a crop leaving them out', () => {
		expect(eyesShown(face, bare)).toBe(true);
		expect(eyesShown(face, { crop: null, masks: [{ kind: 'bar', ...face.bar }] })).toBe(false);
		expect(
			eyesShown(face, { crop: null, masks: [{ kind: 'blur', x: 0.35, y: 0.25, w: 0.1, h: 0.1 }] })
		).toBe(true);
		expect(eyesShown(face, { crop: { x: 0, y: 0.5, w: 1, h: 0.5 }, masks: [] })).toBe(false);
	});

	it('count as shown on a front photo nobody could check with nothing masked, not where no face is', () => {
		expect(eyesShown(unknown, bare)).toBe(true);
		expect(eyesShown(unknown, { crop: null, masks: [{ kind: 'bar', ...face.bar }] })).toBe(false);
		expect(eyesShown(none, bare)).toBe(false);
		expect(
			uncoveredEyes('front', { before: unknown, after: unknown }, { before: bare, after: bare })
		).toBe(
			'The face could not be looked for on either photo, and nothing is masked on them: the patient’s eyes may be visible.'
		);
		// an abdomen in the front view: looked at, no face
		expect(
			uncoveredEyes('front', { before: none, after: none }, { before: bare, after: bare })
		).toBeNull();
		// a profile or another area without a face found is not asked about
		expect(
			uncoveredEyes('left90', { before: unknown, after: unknown }, { before: bare, after: bare })
		).toBeNull();
		expect(
			uncoveredEyes('custom', { before: face, after: none }, { before: bare, after: bare })
		).toBe('The patient’s eyes are uncovered on the before photo: the face can be recognised.');
	});
});

describe('checkReason', () => {
	it('wants a few words, trimmed and under 500 characters', () => {
		expect(checkReason('too short')).toMatchObject({ ok: false });
		expect(checkReason(' 1 2 3 4 5 ')).toMatchObject({ ok: false });
		expect(checkReason('  the  lights were replaced ')).toEqual({
			ok: true,
			reason: 'the lights were replaced'
		});
		expect(checkReason('word '.repeat(120))).toMatchObject({ ok: false });
	});
});
