import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeupCourse } from '../../../../cli/demo/closeup/course';
import {
	alignmentError,
	changedCopy,
	decodeRgb,
	withinTolerance,
	type Change,
	type RawRgb
} from '../../../../../tests/support/align-cases';
import { alignPhoto, closeAligner, detectFace, type PhotoView } from './align';
import { aboutCentre, invert, type Similarity } from './similarity';

// Each case is a photo made from a source by a known similarity (and light, colour or blur), so
// the alignment to find is exactly the inverse. The 100-case accuracy run is the bench
// (`npm run bench -- alignment`); these are the few that say each path works.
const OBAMA = path.resolve('../shared/fixtures/photos/faces/portrait-obama.jpg');
const UNRELATED = path.resolve('../shared/fixtures/photos/exif/phone-jolla.jpg');
const jpeg = 'image/jpeg' as const;

let dir: string;
let obama: RawRgb;
const file = (name: string, bytes: Buffer) => {
	const p = path.join(dir, name);
	fs.writeFileSync(p, bytes);
	return p;
};
const around = (src: RawRgb, scale: number, rot: number, shift: [number, number] = [0, 0]) =>
	aboutCentre(scale, rot, [src.width / 2, src.height / 2], shift);

async function alignCopy(
	baseline: string,
	src: RawRgb,
	change: Change & { move: Similarity },
	view: PhotoView,
	name: string
) {
	const photo = file(name, await changedCopy(src, change));
	const result = await alignPhoto({
		photo: { path: photo, type: jpeg },
		baseline: { path: baseline, type: jpeg },
		view
	});
	const error = result.alignment
		? alignmentError(result.alignment, invert(change.move), src.width, src.height)
		: null;
	return { result, error };
}

beforeAll(async () => {
	dir = fs.mkdtempSync(path.join(os.tmpdir(), 'align-spec-'));
	obama = await decodeRgb(OBAMA);
});
afterAll(async () => {
	await closeAligner();
	fs.rmSync(dir, { recursive: true, force: true });
});

describe('alignPhoto: faces', () => {
	it('recovers a moved, darker, re-balanced portrait by landmarks + ECC, and says "darker"', async () => {
		const move = around(obama, 1.08, 6, [30, -20]);
		const { result, error } = await alignCopy(
			OBAMA,
			obama,
			{ move, gain: 0.75, wb: [1.04, 1, 0.96] },
			'front',
			'obama-moved.jpg'
		);
		expect(result.alignment?.method).toBe('face-landmarks+ecc');
		expect(result.alignment!.confidence).toBeGreaterThan(0.95);
		expect(withinTolerance(error!), JSON.stringify(error)).toBe(true);
		expect(result.quality.warnings).toContain('darker');
		expect(result.quality.warnings).not.toContain('blurred');
		expect(result.quality.exposureEv).toBeLessThan(-0.5);
		// the photo's own face, in its full-size pixels: the eyes inside the box, left one first
		const [x, y, w, h] = result.face!.box;
		for (const [ex, ey] of result.face!.eyes) {
			expect(ex > x && ex < x + w && ey > y && ey < y + h).toBe(true);
		}
		expect(result.face!.eyes[0][0]).toBeLessThan(result.face!.eyes[1][0]);
	}, 60_000);

	it('says "tilted" for a 12° turn of the camera, and still aligns it', async () => {
		const move = around(obama, 1, 12);
		const { result, error } = await alignCopy(OBAMA, obama, { move }, 'front', 'obama-12.jpg');
		expect(withinTolerance(error!), JSON.stringify(error)).toBe(true);
		expect(result.quality.warnings).toContain('tilted');
		expect(result.quality.warnings).not.toContain('darker');
	}, 30_000);

	it('says "blurred" for an out-of-focus copy', async () => {
		const move = around(obama, 0.95, -2);
		const { result } = await alignCopy(OBAMA, obama, { move, blur: 2 }, 'front', 'obama-blur.jpg');
		expect(result.quality.warnings).toContain('blurred');
		expect(result.quality.sharpnessVsBaseline).toBeLessThan(0.7);
	}, 30_000);

	it('aligns a demo patient’s later close-up to the first session’s, by the skin alone', async () => {
		// the demo clinic's photos are macro close-ups of the cheek: no face, only pores and scars
		const course = closeupCourse({ seed: 4, skinTone: 6, concern: 'acne_scars' });
		const [p0, p1] = await Promise.all([0, 1].map((progress) => course(progress)('front')));
		const baseline = file('demo-closeup-p0.jpg', p0);
		const later = await decodeRgb(p1);
		const move = around(later, 0.92, -7, [40, 25]);
		const { result, error } = await alignCopy(
			baseline,
			later,
			{ move, gain: 1.2, wb: [0.95, 1, 1.05] },
			'front',
			'demo-closeup-p1.jpg'
		);
		expect(['orb+ecc', 'ecc']).toContain(result.alignment?.method);
		expect(withinTolerance(error!), JSON.stringify(error)).toBe(true);
		expect(result.face).toBeNull();
	}, 60_000);
	it('is not pulled off by melasma that faded between sessions (fair skin, little texture)', async () => {
		// the broad pattern changed on purpose; only the pores and lines say where the skin is
		const course = closeupCourse({ seed: 2, skinTone: 2, concern: 'pigmentation' });
		const [p0, p1] = await Promise.all([0, 1].map((progress) => course(progress)('left45')));
		const baseline = file('melasma-p0.jpg', p0);
		const later = await decodeRgb(p1);
		for (const [i, [scale, rot, shift]] of (
			[
				[1.1, 6, [50, -30]],
				[0.88, -8, [-40, 60]],
				[1.05, 3, [-70, -20]]
			] as const
		).entries()) {
			const move = around(later, scale, rot, [...shift]);
			const { result, error } = await alignCopy(
				baseline,
				later,
				{ move, gain: 0.9 },
				'left45',
				`melasma-p1-${i}.jpg`
			);
			expect(withinTolerance(error!), JSON.stringify(error)).toBe(true);
			expect(result.alignment!.confidence).toBeGreaterThan(0.9);
		}
	}, 90_000);
});

describe('alignPhoto: other areas', () => {
	it('aligns a demo close-up of stretch marks on the abdomen without landmarks', async () => {
		// smooth belly skin, few and fine pores: the bands, which fade, and little else
		const course = closeupCourse({ seed: 11, skinTone: 3, concern: 'stretch_marks' });
		const [p0, p1] = await Promise.all([0, 1].map((progress) => course(progress)('front')));
		const baseline = file('abdomen-p0.jpg', p0);
		const later = await decodeRgb(p1);
		const move = around(later, 1.1, 4, [-30, 50]);
		const { result, error } = await alignCopy(
			baseline,
			later,
			{ move, gain: 0.85 },
			'front',
			'abdomen-p1.jpg'
		);
		expect(['orb+ecc', 'ecc']).toContain(result.alignment?.method);
		expect(withinTolerance(error!), JSON.stringify(error)).toBe(true);
		expect(result.face).toBeNull();
	}, 60_000);

	it('keeps no alignment for an unrelated photo, and says why', async () => {
		const result = await alignPhoto({
			photo: { path: UNRELATED, type: jpeg },
			baseline: { path: OBAMA, type: jpeg },
			view: 'front'
		});
		expect(result.alignment).toBeNull();
		expect(result.reason).toMatch(/unsure|nothing in common/);
	}, 60_000);
});

describe('detectFace', () => {
	it('finds the face, both eyes and an eye bar that covers them', async () => {
		const face = await detectFace(OBAMA, jpeg);
		expect(face!.score).toBeGreaterThan(0.9);
		const bar = face!.eyeBar;
		for (const [x, y] of face!.eyes) {
			expect(x / obama.width).toBeGreaterThan(bar.x);
			expect(x / obama.width).toBeLessThan(bar.x + bar.w);
			expect(y / obama.height).toBeGreaterThan(bar.y);
			expect(y / obama.height).toBeLessThan(bar.y + bar.h);
		}
		// a bar, not a mask of the face: wider than tall, and well inside the face box
		expect(bar.w * obama.width).toBeGreaterThan(bar.h * obama.height * 2);
		expect(bar.w * obama.width).toBeLessThan(face!.box[2]);
	}, 30_000);

	it('finds no face in a landscape', async () => {
		expect(await detectFace(UNRELATED, jpeg)).toBeNull();
	}, 30_000);
});
