import { readdirSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { crc32, deflateSync } from 'node:zlib';
import sharp, { type Sharp } from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// @ts-expect-error -- heic-decode ships no type declarations.
import untypedHeicDecode from 'heic-decode';
import { DecodeError, decodeOriented } from './decode';
import { deriveFromFile, VARIANT_FORMATS, type Derived, type Variant } from './derive';

const heicDecode = untypedHeicDecode as (input: {
	buffer: Uint8Array;
}) => Promise<{ width: number; height: number; data: Uint8ClampedArray }>;

const PHOTOS = path.resolve('../shared/fixtures/photos');
const HEIC = path.join(PHOTOS, 'heic/iphone-IMG_5195.heic');
const SLOW = 60_000;

let tmp: string;
beforeAll(async () => {
	tmp = await mkdtemp(path.join(tmpdir(), 'derive-spec-'));
});
afterAll(async () => {
	await rm(tmp, { recursive: true, force: true });
});

async function tempFile(name: string, data: Buffer): Promise<string> {
	const file = path.join(tmp, name);
	await writeFile(file, data);
	return file;
}

/** 32×32 grey pixels: enough to tell an upright scene from a turned or mirrored one. */
function fingerprint(image: Sharp): Promise<Buffer> {
	return image.resize(32, 32, { fit: 'fill' }).greyscale().raw().toBuffer();
}

function meanAbsDiff(a: Uint8Array, b: Uint8Array): number {
	expect(a.length).toBe(b.length);
	let sum = 0;
	for (let i = 0; i < a.length; i++) {
		sum += Math.abs(a[i] - b[i]);
	}
	return sum / a.length;
}

async function meanRgb(variant: Variant): Promise<number[]> {
	const { channels } = await sharp(variant.data).stats();
	return channels.slice(0, 3).map((c) => c.mean);
}

function pngChunk(type: string, data: Buffer): Buffer {
	const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
	const length = Buffer.alloc(4);
	length.writeUInt32BE(data.length);
	const crc = Buffer.alloc(4);
	crc.writeUInt32BE(crc32(body));
	return Buffer.concat([length, body, crc]);
}

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

describe('orientation', () => {
	const dir = path.join(PHOTOS, 'orientation');
	const files = readdirSync(dir).filter((f) => f.endsWith('.jpg'));
	const upright = new Map<string, Derived>();

	beforeAll(async () => {
		for (const shape of ['Landscape', 'Portrait']) {
			upright.set(shape, await deriveFromFile(path.join(dir, `${shape}_0.jpg`), 'image/jpeg'));
		}
	}, SLOW);

	// The files differ only by the digit drawn in the middle: an upright copy scores under 1.5,
	// a turned or mirrored one over 30.
	const THRESHOLD = 8;

	it.each(files)('%s comes out upright in every derivative', async (file) => {
		const shape = file.startsWith('Landscape') ? 'Landscape' : 'Portrait';
		const derived = await deriveFromFile(path.join(dir, file), 'image/jpeg');
		const reference = upright.get(shape)!;
		expect(derived.variants.length).toBe(reference.variants.length);
		expect(derived.width > derived.height).toBe(shape === 'Landscape');
		for (const variant of derived.variants) {
			expect(variant.width > variant.height).toBe(shape === 'Landscape');
			const same = reference.variants.find(
				(v) => v.width === variant.width && v.format === variant.format
			)!;
			const want = await fingerprint(sharp(same.data));
			expect(meanAbsDiff(await fingerprint(sharp(variant.data)), want)).toBeLessThan(THRESHOLD);
			// The same check would catch a turned or mirrored result.
			const turned = await fingerprint(sharp(variant.data).rotate(180));
			expect(meanAbsDiff(turned, want)).toBeGreaterThan(THRESHOLD);
			const mirrored = await fingerprint(sharp(variant.data).flop());
			expect(meanAbsDiff(mirrored, want)).toBeGreaterThan(THRESHOLD);
		}
	});
});

describe('metadata', () => {
	const makers: Record<string, string> = {
		'canon-40d.jpg': 'Canon',
		'gps-nikon-DSCN0010.jpg': 'NIKON',
		'gps-nikon-DSCN0012.jpg': 'NIKON',
		'phone-jolla.jpg': 'Jolla'
	};
	const files = readdirSync(path.join(PHOTOS, 'exif')).filter((f) => f.endsWith('.jpg'));

	it.each(files)('%s: no derivative carries EXIF, GPS, XMP, IPTC or Orientation', async (file) => {
		const source = path.join(PHOTOS, 'exif', file);
		const maker = makers[file];
		const original = await readFile(source);
		// The originals do carry what must be stripped, so the scan below can fail.
		expect((await sharp(original).metadata()).exif).toBeDefined();
		expect(original.includes(maker)).toBe(true);

		const derived = await deriveFromFile(source, 'image/jpeg');
		expect(derived.variants.length).toBeGreaterThan(0);
		for (const { data } of derived.variants) {
			const meta = await sharp(data).metadata();
			expect(meta.exif).toBeUndefined();
			expect(meta.xmp).toBeUndefined();
			expect(meta.iptc).toBeUndefined();
			expect(meta.orientation).toBeUndefined();
			for (const marker of ['Exif', 'GPS', 'http://ns.adobe.com/xap', 'Photoshop 3.0', maker]) {
				expect(data.includes(marker), marker).toBe(false);
			}
		}
	});
});

describe('iPhone HEIC', () => {
	let derived: Derived;
	beforeAll(async () => {
		derived = await deriveFromFile(HEIC, 'image/heic');
	}, SLOW);

	it('is processed into every width and format, upright, with a placeholder', () => {
		expect(derived).toMatchObject({ width: 2566, height: 3313 });
		const made = derived.variants.map((v) => `${v.format}@${v.width}`).sort();
		// a portrait's largest fits the 1920 px square: 1487 × 1920, not 1920 × 2479
		const wanted = [320, 960, 1487].flatMap((w) => VARIANT_FORMATS.map((f) => `${f}@${w}`));
		expect(made).toEqual(wanted.sort());
		expect(Math.max(...derived.variants.map((v) => v.height))).toBe(1920);
		for (const v of derived.variants) {
			expect(v.height).toBeGreaterThan(v.width);
			expect(v.height / v.width).toBeCloseTo(3313 / 2566, 2);
		}
		expect(Buffer.from(derived.placeholder, 'base64').length).toBeGreaterThan(5);
	});

	it(
		'is turned once, by libheif, when the file says irot',
		async () => {
			// Rewrite the irot angle (the fixture's is 0) to 1: 90° anticlockwise.
			const bytes = Buffer.from(await readFile(HEIC));
			bytes[bytes.indexOf('irot') + 4] = 1;
			const turned = await decodeOriented(await tempFile('irot.heic', bytes), 'image/heic', 320);
			expect(turned.original).toEqual({ width: 3313, height: 2566 });
			expect(turned.info.width).toBeGreaterThan(turned.info.height);

			// 248 wide upright is the same pixels as 320 wide turned.
			const plain = await decodeOriented(HEIC, 'image/heic', 248);
			const expected = await fingerprint(sharp(plain.data, { raw: plain.info }).rotate(-90));
			const got = await fingerprint(sharp(turned.data, { raw: turned.info }));
			expect(meanAbsDiff(got, expected)).toBeLessThan(3);
			const twice = await fingerprint(sharp(turned.data, { raw: turned.info }).rotate(-90));
			expect(meanAbsDiff(twice, expected)).toBeGreaterThan(10);
		},
		SLOW
	);

	it(
		'has its Display P3 colours converted to sRGB as lcms would',
		async () => {
			const { icc } = await sharp(HEIC).metadata();
			const full = await heicDecode({ buffer: await readFile(HEIC) });
			const p3 = await sharp(full.data, {
				raw: { width: full.width, height: full.height, channels: 4 }
			})
				.resize({ width: 320 })
				.removeAlpha()
				.png()
				.toBuffer();
			// The same numbers tagged with the file's own profile, for libvips to convert.
			const iccp = Buffer.concat([Buffer.from('P3\0\0', 'latin1'), deflateSync(icc!)]);
			const tagged = Buffer.concat([p3.subarray(0, 33), pngChunk('iCCP', iccp), p3.subarray(33)]);
			const lcms = await sharp(tagged).toColourspace('srgb').raw().toBuffer();

			const ours = await decodeOriented(HEIC, 'image/heic', 320);
			const untouched = await sharp(p3).raw().toBuffer();
			expect(meanAbsDiff(ours.data, lcms)).toBeLessThan(0.5);
			expect(meanAbsDiff(untouched, lcms)).toBeGreaterThan(2);
		},
		SLOW
	);

	it('refuses a cut-off file (libheif would paint the missing part green)', async () => {
		const bytes = await readFile(HEIC);
		const file = await tempFile('cut.heic', bytes.subarray(0, bytes.length / 2));
		await expect(decodeOriented(file, 'image/heic', 320)).rejects.toThrow(
			'The image data is corrupt or incomplete.'
		);
	});

	it('refuses a header that declares too many pixels, before decoding', async () => {
		const bytes = Buffer.from(await readFile(HEIC));
		const ispe = bytes.indexOf('ispe', bytes.indexOf('ispe') + 1);
		bytes.writeUInt32BE(9000, ispe + 8);
		bytes.writeUInt32BE(9000, ispe + 12);
		const file = await tempFile('bomb.heic', bytes);
		await expect(decodeOriented(file, 'image/heic', 1920)).rejects.toThrow(/megapixels/);
	});
});

describe('refused input', () => {
	it('a truncated JPEG is a DecodeError with a message for people', async () => {
		const file = path.join(PHOTOS, 'invalid/corrupted.jpg');
		const error = await deriveFromFile(file, 'image/jpeg').catch((e: unknown) => e);
		expect(error).toBeInstanceOf(DecodeError);
		expect((error as Error).message).toBe('The image data is corrupt or incomplete.');
	});

	it(
		'a PNG declaring 100000×100000 pixels is refused, not decoded',
		async () => {
			const ihdr = Buffer.alloc(13);
			ihdr.writeUInt32BE(100_000, 0);
			ihdr.writeUInt32BE(100_000, 4);
			ihdr.set([8, 2, 0, 0, 0], 8); // 8-bit RGB, no interlace
			const png = Buffer.concat([
				PNG_SIGNATURE,
				pngChunk('IHDR', ihdr),
				pngChunk('IDAT', deflateSync(Buffer.alloc(64))),
				pngChunk('IEND', Buffer.alloc(0))
			]);
			const file = await tempFile('bomb.png', png);
			expect((await sharp(png, { limitInputPixels: false }).metadata()).width).toBe(100_000);
			const error = await deriveFromFile(file, 'image/png').catch((e: unknown) => e);
			expect(error).toBeInstanceOf(DecodeError);
			expect((error as Error).message).toMatch(/megapixels/);
		},
		SLOW
	);

	it('formats we do not accept cannot be decoded even when mislabelled', async () => {
		const red = sharp({ create: { width: 8, height: 8, channels: 3, background: 'red' } });
		const svg = '<svg xmlns="http://www.w3.org/2000/svg" width="8" height="8"><rect/></svg>';
		const inputs = {
			'x.tif': await red.clone().tiff().toBuffer(),
			'x.gif': await red.clone().gif().toBuffer(),
			'x.svg': Buffer.from(svg)
		};
		for (const [name, data] of Object.entries(inputs)) {
			const file = await tempFile(name, data);
			await expect(decodeOriented(file, 'image/png', 320)).rejects.toBeInstanceOf(DecodeError);
		}
		// ...while the formats we accept still load.
		for (const format of ['jpeg', 'png', 'webp', 'avif'] as const) {
			const file = await tempFile(`ok.${format}`, await red.clone().toFormat(format).toBuffer());
			const decoded = await decodeOriented(file, `image/${format}`, 320);
			expect(decoded.info.width, format).toBe(8);
		}
	});
});

describe('size and colour', () => {
	it('never upscales: a 200×150 photo gives one 200-wide variant per format', async () => {
		const small = await sharp({
			create: { width: 200, height: 150, channels: 3, background: '#a05040' }
		})
			.jpeg()
			.toBuffer();
		const derived = await deriveFromFile(await tempFile('small.jpg', small), 'image/jpeg');
		expect(derived).toMatchObject({ width: 200, height: 150 });
		const made = derived.variants.map((v) => `${v.format} ${v.width}×${v.height}`).sort();
		expect(made).toEqual(['avif 200×150', 'webp 200×150']);
	});

	async function expectColour(file: string, rgb: number[], tolerance: number): Promise<void> {
		const derived = await deriveFromFile(file, 'image/png');
		for (const variant of derived.variants) {
			const meta = await sharp(variant.data).metadata();
			expect(meta).toMatchObject({ space: 'srgb', depth: 'uchar' });
			const mean = await meanRgb(variant);
			mean.forEach((m, i) =>
				expect(Math.abs(m - rgb[i]), `${variant.format} ${mean}`).toBeLessThan(tolerance)
			);
		}
	}

	it('a 16-bit PNG comes out as 8-bit sRGB with its colours', async () => {
		const [width, height] = [300, 200];
		const pixels = new Uint16Array(width * height * 3);
		for (let i = 0; i < pixels.length; i += 3) {
			pixels.set([60_000, 5_000, 5_000], i);
		}
		const png = await sharp(pixels, { raw: { width, height, channels: 3 } })
			.toColourspace('rgb16')
			.png()
			.toBuffer();
		expect((await sharp(png).metadata()).depth).toBe('ushort');
		await expectColour(await tempFile('deep.png', png), [233, 19, 19], 4);
	});

	it('a 16-bit PNG with an embedded profile keeps its colours', async () => {
		const srgbTagged = await sharp({
			create: { width: 300, height: 200, channels: 3, background: { r: 200, g: 60, b: 40 } }
		})
			.withIccProfile('srgb')
			.png()
			.toBuffer();
		const png = await sharp(srgbTagged).toColourspace('rgb16').keepIccProfile().png().toBuffer();
		expect(await sharp(png).metadata()).toMatchObject({ depth: 'ushort', hasProfile: true });
		await expectColour(await tempFile('deep-icc.png', png), [200, 60, 40], 4);
	});

	it('a CMYK JPEG comes out as sRGB with its colours', async () => {
		const jpeg = await sharp({
			create: { width: 300, height: 200, channels: 3, background: { r: 220, g: 20, b: 20 } }
		})
			.toColourspace('cmyk')
			.jpeg()
			.toBuffer();
		expect((await sharp(jpeg).metadata()).space).toBe('cmyk');
		await expectColour(await tempFile('cmyk.jpg', jpeg), [220, 20, 20], 25);
	});
});
