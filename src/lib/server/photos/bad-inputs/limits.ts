import sharp from 'sharp';
import { MAX_INPUT_PIXELS } from '../decode';
import { MIN_EDGE } from '../inspect';
import { pngDeclaring } from '../test-files';
import { base, good, scene, tooManyPixels, TOO_NARROW, W, H, type Case } from './corpus';
import { jpegDeclaring } from './jpeg-bytes';
import { bilevelPng, withPngChunks, zTxtBomb } from './png-bytes';
import { heifDeclaring, webpDeclaring } from './other-bytes';

// Pixel floods (tiny files declaring huge images), decompression bombs and edge sizes.

const JUST_OVER = Math.ceil(Math.sqrt(MAX_INPUT_PIXELS)) + 10;
const JUST_UNDER = Math.floor(Math.sqrt(MAX_INPUT_PIXELS));
const mp = (side: number) => (Math.floor((side * side) / 1e5) / 10).toString();

export const limitCases: Case[] = [
	{
		name: 'png-flood-100000x100000',
		what: 'a 69-byte PNG whose header declares 100000×100000 pixels',
		bytes: async () => pngDeclaring(100_000, 100_000),
		expected: { status: 422, message: tooManyPixels(100_000, 100_000, '10000') }
	},
	{
		name: 'jpeg-flood-65500x65500',
		what: 'a small JPEG whose frame header declares 65500×65500',
		bytes: async () => jpegDeclaring(await base.jpeg(), 65_500, 65_500),
		expected: { status: 422, message: tooManyPixels(65_500, 65_500, '4290.2') }
	},
	{
		name: 'webp-flood-16383x16383',
		what: 'a small WebP whose key frame declares 16383×16383',
		bytes: async () => webpDeclaring(await base.webp(), 16_383, 16_383),
		expected: { status: 422, message: tooManyPixels(16_383, 16_383, '268.4') }
	},
	{
		name: 'avif-flood-10000x10000',
		what: 'an AVIF whose ispe box declares 10000×10000',
		fileName: 'photo.avif',
		bytes: async () => heifDeclaring(await base.avif(), 10_000, 10_000),
		expected: { status: 422, message: tooManyPixels(10_000, 10_000, '100') }
	},
	{
		name: 'heic-flood-10000x10000',
		what: 'an iPhone HEIC with every ispe box declaring 10000×10000',
		fileName: 'IMG_5195.HEIC',
		mime: 'image/heic',
		bytes: async () => heifDeclaring(await base.heic(), 10_000, 10_000),
		expected: { status: 422, message: tooManyPixels(10_000, 10_000, '100') }
	},
	{
		name: 'png-bomb-just-over-limit',
		what: `a valid ${JUST_OVER}×${JUST_OVER} PNG (${mp(JUST_OVER)} MP) in 17 KB`,
		bytes: async () => bilevelPng(JUST_OVER, JUST_OVER),
		expected: { status: 422, message: tooManyPixels(JUST_OVER, JUST_OVER, mp(JUST_OVER)) }
	},
	{
		name: 'png-bomb-just-under-limit',
		what: `a valid ${JUST_UNDER}×${JUST_UNDER} PNG (${mp(JUST_UNDER)} MP) in 17 KB`,
		bytes: async () => bilevelPng(JUST_UNDER, JUST_UNDER),
		expected: { accepted: true, type: 'image/png', width: JUST_UNDER, height: JUST_UNDER }
	},
	{
		name: 'png-idat-zlib-bomb',
		what: 'a PNG whose image data inflates to 64 MB more than its pixels need',
		// libpng stops inflating once it has every row: the surplus is never unpacked.
		bytes: async () => bilevelPng(W, H, 64 * 1024 * 1024),
		expected: good('image/png')
	},
	{
		name: 'png-ztxt-zlib-bomb',
		what: 'a PNG with a compressed text chunk that inflates to 64 MB',
		bytes: async () => withPngChunks(await base.png(), [zTxtBomb(64 * 1024 * 1024)]),
		expected: good('image/png', ['zTXt'])
	},
	{
		name: 'strip-30000x1',
		what: 'a valid 30000×1 PNG',
		bytes: () =>
			sharp({ create: { width: 30_000, height: 1, channels: 3, background: '#c99' } })
				.png()
				.toBuffer(),
		expected: { status: 422, message: TOO_NARROW }
	},
	{
		name: 'strip-1x30000',
		what: 'a valid 1×30000 JPEG',
		bytes: () =>
			sharp({ create: { width: 1, height: 30_000, channels: 3, background: '#c99' } })
				.jpeg()
				.toBuffer(),
		expected: { status: 422, message: TOO_NARROW }
	},
	{
		name: 'one-pixel-too-narrow',
		what: `a valid ${MIN_EDGE - 1}×4000 WebP`,
		bytes: () =>
			scene(MIN_EDGE - 1, 4000)
				.webp()
				.toBuffer(),
		expected: { status: 422, message: TOO_NARROW }
	}
];
