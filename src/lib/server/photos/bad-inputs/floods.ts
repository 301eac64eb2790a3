import sharp from 'sharp';
import { MAX_JPEG_SCANS } from '../structure/jpeg';
import { base, good, W, H, type Case } from './corpus';
import { jpegScanCount, withRepeatedScans } from './jpeg-bytes';
import { withTinyIdats } from './png-bytes';
import { avifWithThumbnail, webpWithChunks } from './other-bytes';

// Files whose structure makes a decoder work far beyond what their pixels need (issue 11): each
// is refused from its headers, before any decode.

/** The phone photo (3264×2448) as a small progressive JPEG, the base of the scan flood. */
const phoneProgressive = async () =>
	sharp(await base.phone())
		.jpeg({ quality: 15, progressive: true })
		.toBuffer();

export const floodCases: Case[] = [
	{
		name: 'jpeg-many-scans',
		what: 'a real 8 MP photo as a 225 KB progressive JPEG repeating a 20-byte scan 6,000 times',
		bytes: async () => withRepeatedScans(await phoneProgressive(), { totalBytes: 225 * 1024 }),
		expected: {
			status: 422,
			message:
				/^The JPEG is split into more than 100 scans; a photo has at most about 10\. Save it again as a normal JPEG\.$/
		}
	},
	{
		name: 'jpeg-scans-at-limit',
		what: `a progressive JPEG with exactly ${MAX_JPEG_SCANS} scans`,
		bytes: async () => {
			const p = await sharp(await base.jpeg())
				.jpeg({ quality: 85, progressive: true })
				.toBuffer();
			return withRepeatedScans(p, MAX_JPEG_SCANS - jpegScanCount(p));
		},
		expected: good('image/jpeg')
	},
	{
		name: 'png-tiny-idats',
		what: 'a real photo as a PNG whose image data is cut into 9,000 IDAT chunks of 16 bytes',
		fileName: 'photo.png',
		mime: 'image/png',
		bytes: async () =>
			withTinyIdats(
				await sharp(await base.portrait())
					.resize(240)
					.png()
					.toBuffer(),
				16
			),
		expected: {
			status: 422,
			message:
				/^The PNG is split into more than 1,000 tiny chunks; a photo has a few dozen\. Save it again as a normal PNG\.$/
		}
	},
	{
		name: 'webp-chunk-flood',
		what: 'a WebP followed by 10,000 empty chunks',
		fileName: 'photo.webp',
		mime: 'image/webp',
		bytes: async () => webpWithChunks(await base.webp(), 10_000),
		expected: {
			status: 422,
			message:
				/^The WebP holds more than 64 chunks; a photo has a few\. Save it again as a normal WebP\.$/
		}
	},
	{
		name: 'avif-huge-thumbnail',
		what: 'a real photo as AVIF with a thumbnail item claiming 30000×30000 pixels',
		fileName: 'photo.avif',
		mime: 'image/avif',
		bytes: async () =>
			avifWithThumbnail(
				await sharp(await base.portrait())
					.avif({ effort: 0 })
					.toBuffer(),
				30_000,
				30_000
			),
		expected: {
			status: 422,
			message:
				/^The file holds an embedded image of 30000×30000 pixels; the limit is 60 megapixels\.$/
		}
	},
	{
		name: 'avif-plain-thumbnail',
		what: `an AVIF with a thumbnail item of its own size (${W}×${H})`,
		fileName: 'photo.avif',
		mime: 'image/avif',
		bytes: async () => avifWithThumbnail(await base.avif(), W, H),
		expected: good('image/avif')
	}
];
