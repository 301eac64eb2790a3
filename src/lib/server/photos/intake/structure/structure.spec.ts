import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { badInputs } from '$test/fixtures/bad-inputs';
import { jpegScanCount, withRepeatedScans } from '$test/fixtures/bad-inputs/jpeg-bytes';
import { withTinyIdats } from '$test/fixtures/bad-inputs/png-bytes';
import { avifWithThumbnail } from '$test/fixtures/bad-inputs/other-bytes';
import type { SourceType } from '../../pipeline/decode';
import { sniffType } from '../sniff';
import { checkStructureOf, StructureRefused } from './index';
import { MAX_JPEG_SCANS } from './jpeg';

const FIXTURES = path.resolve('../shared/fixtures/photos');

const refusal = async (bytes: Buffer, type: SourceType) =>
	checkStructureOf(bytes, type).then(
		() => null,
		(e: unknown) => {
			if (e instanceof StructureRefused) {
				return e.message;
			}
			throw e;
		}
	);

describe('structure checks', () => {
	it('pass every real camera file and every photo the corpus accepts', async () => {
		const files = ['exif', 'faces', 'orientation', 'heic'].flatMap((d) =>
			readdirSync(path.join(FIXTURES, d)).map((f) => path.join(FIXTURES, d, f))
		);
		for (const file of files) {
			const bytes = readFileSync(file);
			const type = await sniffType(bytes.subarray(0, 4100));
			expect(type, file).not.toBeNull();
			expect(await refusal(bytes, type as SourceType), file).toBeNull();
			if (type === 'image/jpeg') {
				const progressive = await sharp(bytes).jpeg({ progressive: true }).toBuffer();
				expect(await refusal(progressive, 'image/jpeg'), `${file} progressive`).toBeNull();
			}
		}
		for (const c of badInputs().filter((c) => 'accepted' in c.expected)) {
			const bytes = await c.bytes();
			const type = (c.expected as { type: SourceType }).type;
			expect(await refusal(bytes, type), c.name).toBeNull();
		}
	}, 60_000);

	it('count JPEG scans up to the limit, across stuffed bytes and restart markers', async () => {
		const withRestarts = await sharp(readFileSync(path.join(FIXTURES, 'exif/phone-jolla.jpg')))
			.resize(800)
			.jpeg({ progressive: true })
			.toBuffer();
		const scans = jpegScanCount(withRestarts);
		const atLimit = withRepeatedScans(withRestarts, MAX_JPEG_SCANS - scans);
		expect(jpegScanCount(atLimit)).toBe(MAX_JPEG_SCANS);
		expect(await refusal(atLimit, 'image/jpeg')).toBeNull();
		expect(
			await refusal(withRepeatedScans(withRestarts, MAX_JPEG_SCANS - scans + 1), 'image/jpeg')
		).toMatch(/more than 100 scans/);
	});

	it('refuse a PNG of tiny chunks but not one of 8 KB chunks', async () => {
		const png = await sharp(readFileSync(path.join(FIXTURES, 'faces/portrait-obama.jpg')))
			.png()
			.toBuffer();
		expect(await refusal(withTinyIdats(png, 8192), 'image/png')).toBeNull();
		expect(await refusal(withTinyIdats(png, 100), 'image/png')).toMatch(/tiny chunks/);
	});

	it('refuse an embedded HEIF image over the pixel limit, and a primary that is not shown', async () => {
		const avif = await sharp({
			create: { width: 300, height: 200, channels: 3, background: '#c99' }
		})
			.avif({ effort: 0 })
			.toBuffer();
		expect(await refusal(avifWithThumbnail(avif, 300, 200), 'image/avif')).toBeNull();
		expect(await refusal(avifWithThumbnail(avif, 8000, 8000), 'image/avif')).toBe(
			'The file holds an embedded image of 8000×8000 pixels; the limit is 60 megapixels.'
		);
		// pitm names the thumbnail: the decoder would show item 1, not the primary that was checked
		const swapped = avifWithThumbnail(avif, 300, 200);
		const pitm = swapped.indexOf('pitm', 0, 'latin1');
		swapped.writeUInt16BE(2, pitm + 8);
		expect(await refusal(swapped, 'image/avif')).toMatch(/primary image is not the picture/);
	});
});
