import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, describe, expect, it } from 'vitest';
import { MAX_INPUT_PIXELS, decodeOriented, displayP3ToSrgb } from './decode';
import { heicGrid } from './heic-grid';
import { decodeHeicGridOffThread, decodeHeicOffThread } from './heic-thread';

const FIXTURE = '../shared/fixtures/photos/heic/iphone-IMG_5195.heic';
const bytes = fs.readFileSync(FIXTURE);
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'heic-grid-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** The fixture with its irot property changed: a phone's rotated photo, in every direction. */
function variant(name: string, patch: (copy: Buffer, irot: number) => void): string {
	const copy = Buffer.from(bytes);
	patch(copy, copy.indexOf('irot'));
	const file = path.join(dir, `${name}.heic`);
	fs.writeFileSync(file, copy);
	return file;
}

/** libheif's whole-image decode (it applies irot itself), as RGB. */
async function libheifRgb(buffer: Buffer) {
	const whole = await decodeHeicOffThread(buffer);
	const data = await sharp(whole.data, {
		raw: { width: whole.width, height: whole.height, channels: 4 }
	})
		.removeAlpha()
		.raw()
		.toBuffer();
	return { data, width: whole.width, height: whole.height };
}

function maxDiff(a: Uint8Array, b: Uint8Array): number {
	expect(a.length).toBe(b.length);
	let max = 0;
	for (let i = 0; i < a.length; i++) {
		max = Math.max(max, Math.abs(a[i] - b[i]));
	}
	return max;
}

function meanDiff(a: Uint8Array, b: Uint8Array): number {
	expect(a.length).toBe(b.length);
	let sum = 0;
	for (let i = 0; i < a.length; i++) {
		sum += Math.abs(a[i] - b[i]);
	}
	return sum / a.length;
}

// The conversion as it was before it went to fixed point, in floating point without tables.
function exactP3ToSrgb(data: Uint8Array): void {
	const m = [1.2249401, -0.2249404, 0, -0.0420569, 1.0420571, 0, -0.0196376, -0.0786361, 1.0982735];
	const lin = (c: number) => (c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4);
	const gam = (l: number) => (l <= 0.0031308 ? l * 12.92 : 1.055 * l ** (1 / 2.4) - 0.055);
	for (let i = 0; i < data.length; i += 3) {
		const rgb = [0, 1, 2].map((k) => lin(data[i + k] / 255));
		for (let k = 0; k < 3; k++) {
			const l = m[3 * k] * rgb[0] + m[3 * k + 1] * rgb[1] + m[3 * k + 2] * rgb[2];
			data[i + k] = Math.round(255 * gam(Math.min(1, Math.max(0, l))));
		}
	}
}

describe('HEIC tile grid', () => {
	it('reads the iPhone fixture as 6×7 tiles of 512 pixels, not turned', () => {
		const grid = heicGrid(bytes);
		expect(grid).toMatchObject({
			width: 2566,
			height: 3313,
			columns: 6,
			rows: 7,
			tileWidth: 512,
			tileHeight: 512,
			quarterTurns: 0
		});
		expect(grid?.tiles).toHaveLength(42);
	});

	it('leaves what it does not know to the whole-image decode: a mirror, a non-HEIF', () => {
		const mirrored = fs.readFileSync(variant('imir', (c, at) => c.write('imir', at, 'latin1')));
		expect(heicGrid(mirrored)).toBeNull();
		expect(heicGrid(fs.readFileSync('../shared/fixtures/photos/exif/phone-jolla.jpg'))).toBeNull();
		expect(heicGrid(bytes.subarray(0, 100))).toBeNull();
	});

	it('decodes tile by tile on two threads to exactly the pixels of the whole-image decode', async () => {
		const grid = heicGrid(bytes)!;
		const [tiled, whole] = await Promise.all([
			decodeHeicGridOffThread(bytes, grid),
			libheifRgb(bytes)
		]);
		expect(maxDiff(tiled, whole.data)).toBe(0);
	}, 120_000);

	it('turns a rotated (irot) photo the way libheif does', async () => {
		const upright = await decodeOriented(FIXTURE, 'image/heic', MAX_INPUT_PIXELS);
		for (const turns of [1, 2, 3]) {
			const file = variant(`irot${turns}`, (c, at) => (c[at + 4] = turns));
			expect(heicGrid(fs.readFileSync(file))?.quarterTurns).toBe(turns);
			const ours = await decodeOriented(file, 'image/heic', MAX_INPUT_PIXELS);
			// exactly the upright picture turned anticlockwise
			const turned = await sharp(upright.data, { raw: upright.info })
				.rotate(360 - 90 * turns)
				.raw()
				.toBuffer();
			expect(maxDiff(ours.data, turned)).toBe(0);
			// and libheif's own turn: the same size and picture. libheif turns the 4:2:0 colour
			// planes before it upsamples them, so with the fixture's odd height (3313) its colour
			// edges land one pixel off after a half or three-quarter turn: 0.15 of a level on average.
			const theirs = await libheifRgb(fs.readFileSync(file));
			displayP3ToSrgb(theirs.data, 3);
			expect(ours.info).toEqual({ width: theirs.width, height: theirs.height, channels: 3 });
			expect(ours.original).toEqual({ width: theirs.width, height: theirs.height });
			expect(meanDiff(ours.data, theirs.data)).toBeLessThan(turns === 1 ? 0.001 : 0.3);
		}
	}, 240_000);

	it('gives the variants the size and colours of the previous whole-image path', async () => {
		const ours = await decodeOriented(FIXTURE, 'image/heic', 1920);
		expect(ours.info).toEqual({ width: 1920, height: 2479, channels: 3 });
		expect(ours.original).toEqual({ width: 2566, height: 3313 });
		const whole = await decodeHeicOffThread(bytes);
		const before = await sharp(whole.data, {
			raw: { width: whole.width, height: whole.height, channels: 4 }
		})
			.resize({ width: 1920 })
			.removeAlpha()
			.raw()
			.toBuffer();
		exactP3ToSrgb(before);
		expect(maxDiff(ours.data, before)).toBeLessThanOrEqual(1);
	}, 120_000);
});

describe('displayP3ToSrgb', () => {
	it('is within one level of the exact conversion for every grey and primary mix', () => {
		const levels = [0, 1, 2, 5, 10, 40, 100, 128, 200, 254, 255];
		const pixels = levels.flatMap((r) => levels.flatMap((g) => levels.flatMap((b) => [r, g, b])));
		const fast = Uint8Array.from(pixels);
		const exact = Uint8Array.from(pixels);
		displayP3ToSrgb(fast, 3);
		exactP3ToSrgb(exact);
		expect(maxDiff(fast, exact)).toBeLessThanOrEqual(1);
		// greys stay grey: P3 and sRGB share their white point
		expect([...fast.subarray(0, 3)]).toEqual([0, 0, 0]);
		expect([...fast.subarray(-3)]).toEqual([255, 255, 255]);
	});
});
