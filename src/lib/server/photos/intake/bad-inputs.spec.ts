import { inflateSync } from 'node:zlib';
import { fileTypeFromBuffer } from 'file-type';
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { config } from '../../platform/config';
import { MAX_INPUT_PIXELS } from '../pipeline/decode';
import { badInputs, isAccepted } from '$test/fixtures/bad-inputs/index';
import { jpegSegments } from '$test/fixtures/bad-inputs/jpeg-bytes';
import { pngChunkTypes } from '$test/fixtures/bad-inputs/png-bytes';

// The corpus must hold what each case claims, or the e2e test proves nothing. (decode.ts blocks
// sharp's GIF, TIFF, BMP and SVG loaders in this process, so those are checked by their bytes.)

const corpus = badInputs();
const made = new Map<string, Buffer>();
beforeAll(async () => {
	for (const c of corpus) {
		made.set(c.name, await c.bytes());
	}
}, 60_000);

const bytes = (name: string) => {
	const b = made.get(name);
	if (!b) {
		throw new Error(`no case ${name}`);
	}
	return b;
};
const meta = (name: string) => sharp(bytes(name), { limitInputPixels: false }).metadata();
const sniffed = async (name: string) => (await fileTypeFromBuffer(bytes(name)))?.mime;

describe('the bad-input corpus', () => {
	it('holds at least 40 cases with unique names, each described', () => {
		expect(corpus.length).toBeGreaterThanOrEqual(40);
		expect(new Set(corpus.map((c) => c.name)).size).toBe(corpus.length);
		for (const c of corpus) {
			expect(c.name).toMatch(/^[a-z0-9-]+$/);
			expect(c.what.length).toBeGreaterThan(8);
		}
		const refused = corpus.filter((c) => !isAccepted(c.expected));
		expect(refused.length).toBeGreaterThanOrEqual(30);
		expect(corpus.length - refused.length).toBeGreaterThanOrEqual(10);
	});

	it('floods declare their huge size in a small file', async () => {
		const png = bytes('png-flood-100000x100000');
		expect(png.length).toBeLessThan(200);
		expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([100_000, 100_000]);
		const claims: [string, number, number][] = [
			['jpeg-flood-65500x65500', 65_500, 65_500],
			['webp-flood-16383x16383', 16_383, 16_383],
			['avif-flood-10000x10000', 10_000, 10_000],
			['heic-flood-10000x10000', 10_000, 10_000]
		];
		for (const [name, width, height] of claims) {
			expect(await meta(name), name).toMatchObject({ width, height });
			expect(bytes(name).length, name).toBeLessThan(1_000_000);
		}
	});

	it('the pixel bombs are whole images either side of the limit, in under 20 KB', async () => {
		const over = await meta('png-bomb-just-over-limit');
		const under = await meta('png-bomb-just-under-limit');
		expect(over.width * over.height).toBeGreaterThan(MAX_INPUT_PIXELS);
		expect(over.width * over.height).toBeLessThan(MAX_INPUT_PIXELS * 1.01);
		expect(under.width * under.height).toBeLessThanOrEqual(MAX_INPUT_PIXELS);
		expect(under.width * under.height).toBeGreaterThan(MAX_INPUT_PIXELS * 0.99);
		for (const name of ['png-bomb-just-over-limit', 'png-bomb-just-under-limit']) {
			expect(bytes(name).length).toBeLessThan(20_000);
		}
		const { info } = await sharp(bytes('png-bomb-just-under-limit'), { failOn: 'truncated' })
			.resize(100)
			.raw()
			.toBuffer({ resolveWithObject: true });
		expect(info.width).toBe(100);
	});

	it('the zlib bombs really inflate to 64 MB', () => {
		const png = bytes('png-ztxt-zlib-bomb');
		const at = png.indexOf('zTXt', 0, 'latin1');
		const data = png.subarray(at + 4, at + 4 + png.readUInt32BE(at - 4));
		const text = data.subarray(data.indexOf(0) + 2);
		expect(inflateSync(text, { maxOutputLength: 2 ** 30 }).length).toBe(64 * 1024 * 1024);
		const idat = bytes('png-idat-zlib-bomb');
		const i = idat.indexOf('IDAT', 0, 'latin1');
		const inflated = inflateSync(idat.subarray(i + 4, i + 4 + idat.readUInt32BE(i - 4)), {
			maxOutputLength: 2 ** 30
		});
		expect(inflated.length).toBeGreaterThan(64 * 1024 * 1024);
	});

	it('strips, CMYK, 16-bit and animations are what they say', async () => {
		expect(await meta('strip-30000x1')).toMatchObject({ width: 30_000, height: 1 });
		expect(await meta('strip-1x30000')).toMatchObject({ width: 1, height: 30_000 });
		expect(await meta('jpeg-cmyk')).toMatchObject({ format: 'jpeg', space: 'cmyk', channels: 4 });
		expect(await meta('png-16-bit')).toMatchObject({ depth: 'ushort', channels: 3 });
		expect(await meta('png-16-bit-alpha')).toMatchObject({ depth: 'ushort', channels: 4 });
		expect(await meta('webp-animated')).toMatchObject({ pages: 3 });
		expect(await sniffed('png-apng')).toBe('image/apng');
		expect(await sniffed('gif-animated')).toBe('image/gif');
		expect(bytes('gif-animated').includes('NETSCAPE2.0')).toBe(true);
	});

	it('the other formats are the formats they are named for', async () => {
		const claims: [string, string | undefined][] = [
			['zip-renamed-jpg', 'application/zip'],
			['pdf-renamed-jpg', 'application/pdf'],
			['elf-renamed-jpg', 'application/x-elf'],
			['exe-renamed-jpg', 'application/x-msdownload'],
			['gif-still', 'image/gif'],
			['gifar', 'image/gif'],
			['gif89a-php', 'image/gif'],
			['bmp', 'image/bmp'],
			['tiff-6-channels', 'image/tiff'],
			['psd-7-channels', 'image/vnd.adobe.photoshop'],
			['png-sent-as-jpeg', 'image/png'],
			['jpeg-plus-zip', 'image/jpeg'],
			['html-renamed-jpg', undefined],
			['php-renamed-jpg', undefined]
		];
		for (const [name, mime] of claims) {
			expect(await sniffed(name), name).toBe(mime);
		}
		expect(bytes('tiff-6-channels').readUInt32LE(4)).toBe(8 + 300 * 300 * 6);
		expect(bytes('psd-7-channels').readUInt16BE(12)).toBe(7);
		expect(bytes('gifar').includes('PK\x05\x06', 0, 'latin1')).toBe(true);
		expect(bytes('svg-with-script').toString()).toContain('<script>');
		expect(bytes('svg-with-xxe').toString()).toContain('<!ENTITY xxe SYSTEM "file:///etc/passwd">');
		expect(bytes('zero-bytes').length).toBe(0);
		expect(bytes('one-byte').length).toBe(1);
		expect(bytes('over-byte-limit').length).toBe(config.uploadLimitBytes() + 1);
	});

	it('truncated files are shorter than whole ones and do not decode', async () => {
		for (const name of ['jpeg-truncated-half', 'png-truncated-half', 'avif-truncated-half']) {
			await expect(
				sharp(bytes(name), { failOn: 'truncated' }).raw().toBuffer(),
				name
			).rejects.toThrow();
		}
		const heicHalf = bytes('heic-truncated-half');
		expect(heicHalf.subarray(4, 12).toString('latin1')).toBe('ftypheic');
		expect(bytes('heic-truncated-after-ftyp').length).toBe(40);
		expect(pngChunkTypes(bytes('png-truncated-in-ihdr'))).toEqual(['IHDR']);
		expect(jpegSegments(bytes('jpeg-truncated-after-headers')).at(-1)![0]).toBe(0xda);
	});

	it('metadata-heavy JPEGs carry the blocks they claim', async () => {
		const exif = await meta('jpeg-huge-exif');
		expect(exif.exif!.length).toBeGreaterThanOrEqual(65_000);
		const app = (name: string) => jpegSegments(bytes(name)).filter(([m]) => m >= 0xe0 && m <= 0xef);
		expect(app('jpeg-many-app-segments').length).toBeGreaterThanOrEqual(16);
		expect(bytes('jpeg-many-app-segments').length).toBeGreaterThan(16 * 60_000);
		expect((await meta('jpeg-exif-loop')).orientation).toBe(6);
		expect((await meta('jpeg-junk-icc')).icc!.includes('acsp')).toBe(true);
		expect(bytes('jpeg-comment-php').includes('<?php')).toBe(true);
		expect(bytes('png-script-chunk').includes('<script>')).toBe(true);
	});

	it('every accepted case is a decodable image of the sniffed type and stated size', async () => {
		const format = { 'image/jpeg': 'jpeg', 'image/png': 'png', 'image/avif': 'heif' } as Record<
			string,
			string
		>;
		for (const c of corpus) {
			const exp = c.expected;
			if (!isAccepted(exp)) {
				continue;
			}
			const m = await meta(c.name);
			expect(m.format, c.name).toBe(format[exp.type]);
			const upright = (m.orientation ?? 1) >= 5 ? [m.height, m.width] : [m.width, m.height];
			expect(upright, c.name).toEqual([exp.width, exp.height]);
		}
	});
});
