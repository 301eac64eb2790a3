import sharp from 'sharp';
import { config } from '../../config';
import { ANIMATED, base, CORRUPT, frames, half, UNREADABLE, W, H, type Case } from './corpus';
import { jpegSegments, jpegWithComponents } from './jpeg-bytes';
import { apngChunks, withPngChunks } from './png-bytes';
import { PHP_SHELL } from './other-bytes';

// Files in a format we take that are cut off, empty of pixels, animated or too big: refused
// at upload, so none becomes a photo that fails later.

export const damagedCases: Case[] = [
	{
		name: 'jpeg-soi-eoi',
		what: 'a JPEG start and end marker and nothing between',
		bytes: async () => Buffer.from([0xff, 0xd8, 0xff, 0xd9]),
		expected: { status: 422, message: UNREADABLE }
	},
	{
		name: 'jpeg-magic-then-php',
		what: 'a PHP shell behind a JPEG signature',
		bytes: async () => Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), PHP_SHELL]),
		expected: { status: 422, message: UNREADABLE }
	},
	{
		name: 'jpeg-6-components',
		what: 'a JPEG whose frame header declares 6 colour components',
		bytes: async () => jpegWithComponents(await base.greyJpeg(), 6),
		expected: { status: 422, message: UNREADABLE }
	},
	{
		name: 'jpeg-truncated-half',
		what: 'a JPEG cut off halfway through its scan',
		bytes: async () => half(await base.jpeg()),
		expected: { status: 422, message: CORRUPT }
	},
	{
		name: 'jpeg-truncated-after-headers',
		what: 'a JPEG cut off right after its scan header',
		bytes: async () => {
			const j = await base.jpeg();
			const sos = jpegSegments(j).at(-1)![1];
			return j.subarray(0, sos + 2 + j.readUInt16BE(sos + 2));
		},
		expected: { status: 422, message: CORRUPT }
	},
	{
		name: 'png-truncated-half',
		what: 'a PNG cut off halfway through its image data',
		bytes: async () => half(await base.png()),
		expected: { status: 422, message: CORRUPT }
	},
	{
		name: 'png-truncated-in-ihdr',
		what: 'a PNG cut off inside its header chunk',
		bytes: async () => (await base.png()).subarray(0, 20),
		expected: { status: 422, message: UNREADABLE }
	},
	{
		name: 'webp-truncated-half',
		what: 'a WebP cut off halfway',
		bytes: async () => half(await base.webp()),
		expected: { status: 422, message: UNREADABLE }
	},
	{
		name: 'avif-truncated-half',
		what: 'an AVIF cut off halfway through its image data',
		fileName: 'photo.avif',
		bytes: async () => half(await base.avif()),
		expected: { status: 422, message: CORRUPT }
	},
	{
		name: 'heic-truncated-half',
		what: 'the iPhone HEIC cut off halfway',
		fileName: 'IMG_5195.HEIC',
		mime: 'image/heic',
		bytes: async () => half(await base.heic()),
		expected: { status: 422, message: CORRUPT }
	},
	{
		name: 'heic-truncated-after-ftyp',
		what: 'the iPhone HEIC cut off after 40 bytes',
		fileName: 'IMG_5195.HEIC',
		mime: 'image/heic',
		bytes: async () => (await base.heic()).subarray(0, 40),
		expected: { status: 422, message: UNREADABLE }
	},
	{
		name: 'png-apng',
		what: 'an animated PNG (APNG)',
		fileName: 'photo.png',
		mime: 'image/png',
		bytes: async () => withPngChunks(await base.png(), apngChunks(W, H)),
		expected: { status: 422, message: ANIMATED }
	},
	{
		name: 'webp-animated',
		what: 'an animated WebP of three frames',
		fileName: 'photo.webp',
		mime: 'image/webp',
		bytes: async () =>
			sharp(await frames(3), { join: { animated: true } })
				.webp({ loop: 0 })
				.toBuffer(),
		expected: { status: 422, message: ANIMATED }
	},
	{
		name: 'over-byte-limit',
		what: 'a JPEG padded to one byte over the upload limit',
		bytes: async () => {
			const j = await base.jpeg();
			return Buffer.concat([j, Buffer.alloc(config.uploadLimitBytes() + 1 - j.length)]);
		},
		expected: { status: 413, message: /^The file is larger than the upload limit\.$/ }
	}
];
