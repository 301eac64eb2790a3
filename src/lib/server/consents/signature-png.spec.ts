import { crc32, deflateSync, inflateSync } from 'node:zlib';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import {
	MAX_SIGNATURE_BYTES,
	TOO_LARGE,
	UNREADABLE,
	checkSignatureDataUrl,
	pngStructure
} from './signature-png';
import { bilevelPng, pngChunk, pngChunkTypes } from '$test/fixtures/bad-inputs/png-bytes';

const dataUrl = (png: Buffer) => `data:image/png;base64,${png.toString('base64')}`;

/** What the pad makes: a 600 × 180 RGBA PNG, transparent but for an antialiased stroke. */
async function padSignature(): Promise<Buffer> {
	const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="600" height="180">
		<path d="M30 120 C 90 20, 160 170, 230 90 S 380 40, 430 120 S 540 60, 570 100"
			stroke="#1c2426" stroke-width="2.5" stroke-linecap="round" fill="none"/></svg>`;
	return sharp(Buffer.from(svg)).png().toBuffer();
}

/** The chunks of a PNG as [type, data]. */
function chunks(png: Buffer): [string, Buffer][] {
	const out: [string, Buffer][] = [];
	for (let at = 8; at + 12 <= png.length; at += 12 + png.readUInt32BE(at)) {
		const length = png.readUInt32BE(at);
		out.push([png.toString('latin1', at + 4, at + 8), png.subarray(at + 8, at + 8 + length)]);
	}
	return out;
}

/** The PNG rebuilt from chunks, each with a correct CRC. */
function fromChunks(parts: [string, Buffer][]): Buffer {
	return Buffer.concat([
		Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
		...parts.map(([type, data]) => pngChunk(type, data))
	]);
}

/** One IDAT holding all the image data, so the tests can change it as a whole. */
function withImageData(png: Buffer, change: (raw: Buffer) => Buffer): Buffer {
	const parts = chunks(png);
	const raw = inflateSync(Buffer.concat(parts.filter(([t]) => t === 'IDAT').map(([, d]) => d)));
	const rest = parts.filter(([t]) => t !== 'IDAT');
	const iend = rest.findIndex(([t]) => t === 'IEND');
	rest.splice(iend, 0, ['IDAT', deflateSync(change(raw))]);
	return fromChunks(rest);
}

describe('the consent signature', () => {
	it('accepts what the pad draws, and a real-looking signature is far under the limit', async () => {
		const png = await padSignature();
		expect(pngChunkTypes(png)[0]).toBe('IHDR');
		const checked = await checkSignatureDataUrl(dataUrl(png));
		expect(checked).toMatchObject({ ok: true });
		expect(png.length).toBeLessThan(MAX_SIGNATURE_BYTES / 5);
		// the largest accepted signature, as a form field, fits many times in a 1 MB body
		expect(Math.ceil(MAX_SIGNATURE_BYTES / 3) * 4).toBeLessThan(250_000);
	});

	it('accepts a PNG that fills the limits exactly', async () => {
		const edge = bilevelPng(2000, 1000);
		expect(await checkSignatureDataUrl(dataUrl(edge))).toMatchObject({ ok: true });
	});

	it.each([
		['cut in half', (p: Buffer) => p.subarray(0, Math.floor(p.length / 2))],
		['cut before IEND', (p: Buffer) => p.subarray(0, p.length - 12)],
		['missing its last byte', (p: Buffer) => p.subarray(0, p.length - 1)],
		['cut right after the magic', (p: Buffer) => p.subarray(0, 8)],
		[
			'with bytes after IEND',
			(p: Buffer) => Buffer.concat([p, Buffer.from('<?php system($_GET[1]); ?>')])
		],
		['with a second IEND', (p: Buffer) => Buffer.concat([p, p.subarray(p.length - 12)])]
	])('refuses a PNG %s', async (_, damage) => {
		const png = damage(await padSignature());
		expect(await checkSignatureDataUrl(dataUrl(png))).toEqual({ ok: false, message: UNREADABLE });
	});

	it('refuses the PNG magic followed by anything but a PNG', async () => {
		const magic = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
		const jpeg = await sharp({
			create: { width: 600, height: 180, channels: 3, background: '#fff' }
		})
			.jpeg()
			.toBuffer();
		for (const body of [
			Buffer.from('this is not a png, only its first eight bytes are'.repeat(20)),
			Buffer.alloc(2000),
			jpeg,
			Buffer.from('<html><script>alert(1)</script></html>')
		]) {
			const forged = Buffer.concat([magic, body]);
			expect(await checkSignatureDataUrl(dataUrl(forged))).toEqual({
				ok: false,
				message: UNREADABLE
			});
		}
	});

	it('refuses a chunk with a wrong checksum, and image data that does not decode', async () => {
		const png = await padSignature();
		const flipped = Buffer.from(png);
		flipped[png.indexOf('IDAT') + 20] ^= 0xff;
		expect(pngStructure(flipped)).toEqual({ ok: false, message: UNREADABLE });
		// checksums right, but the image data is garbage, too short, or not deflate at all
		const broken = [
			withImageData(png, (raw) => raw.subarray(0, raw.length - 600 * 4)),
			withImageData(png, (raw) => Buffer.from(raw).fill(9, 0, 601)),
			fromChunks(chunks(png).map(([t, d]) => [t, t === 'IDAT' ? Buffer.from('not deflate') : d]))
		];
		for (const bad of broken) {
			expect(pngStructure(bad)).toMatchObject({ ok: true });
			expect(await checkSignatureDataUrl(dataUrl(bad))).toEqual({ ok: false, message: UNREADABLE });
		}
	});

	it('refuses a 5000 × 5000 PNG from its header, before inflating a pixel', async () => {
		const bomb = bilevelPng(5000, 5000);
		expect(bomb.length).toBeLessThan(MAX_SIGNATURE_BYTES);
		const started = performance.now();
		expect(await checkSignatureDataUrl(dataUrl(bomb))).toEqual({ ok: false, message: TOO_LARGE });
		expect(performance.now() - started).toBeLessThan(100);
		for (const [w, h] of [
			[2001, 10],
			[10, 1001],
			[0x7fffffff, 1]
		]) {
			const ihdr = Buffer.alloc(13);
			ihdr.writeUInt32BE(w, 0);
			ihdr.writeUInt32BE(h, 4);
			ihdr.set([1, 0, 0, 0, 0], 8);
			const png = fromChunks([['IHDR', ihdr], ...chunks(bilevelPng(10, 10)).slice(1)]);
			expect(await checkSignatureDataUrl(dataUrl(png)), `${w}×${h}`).toEqual({
				ok: false,
				message: TOO_LARGE
			});
		}
	});

	it('refuses a huge data URL by its length alone', async () => {
		const huge = `data:image/png;base64,${'A'.repeat(20 * 1024 * 1024)}`;
		// as a request's field it arrives as one flat string: flatten it outside the timing
		expect(huge.charCodeAt(huge.length - 1)).toBe(65);
		const started = performance.now();
		expect(await checkSignatureDataUrl(huge)).toEqual({ ok: false, message: TOO_LARGE });
		expect(performance.now() - started).toBeLessThan(50);
		// one byte over the limit, in an otherwise valid PNG (a large text chunk)
		const png = await padSignature();
		const parts = chunks(png);
		const filler = MAX_SIGNATURE_BYTES - png.length - 12 + 1;
		parts.splice(1, 0, ['tEXt', Buffer.alloc(filler, 0x41)]);
		const over = fromChunks(parts);
		expect(over.length).toBe(MAX_SIGNATURE_BYTES + 1);
		expect(await checkSignatureDataUrl(dataUrl(over))).toEqual({ ok: false, message: TOO_LARGE });
		parts[1] = ['tEXt', Buffer.alloc(filler - 1, 0x41)];
		expect(await checkSignatureDataUrl(dataUrl(fromChunks(parts)))).toMatchObject({ ok: true });
	});

	it('refuses other image types, and base64 with stray characters', async () => {
		const png = await padSignature();
		const b64 = png.toString('base64');
		for (const value of [
			'',
			'data:image/svg+xml;base64,PHN2Zz4=',
			`data:image/jpeg;base64,${b64}`,
			`data:image/png,${b64}`,
			`data:image/png;base64,${b64.slice(0, 100)}!!${b64.slice(100)}`,
			`data:image/png;base64,${b64} `,
			`data:image/png;base64,${b64.slice(0, -1)}`
		]) {
			expect(await checkSignatureDataUrl(value), value.slice(0, 40)).toMatchObject({ ok: false });
		}
	});

	it('checks every chunk, not only the image data', () => {
		const png = bilevelPng(600, 180);
		const parts = chunks(png);
		const bad = Buffer.concat([
			png.subarray(0, 33),
			Buffer.from([0, 0, 0, 4]),
			Buffer.from('tEXtabcd'),
			Buffer.from([0, 0, 0, 0]),
			png.subarray(33)
		]);
		expect(parts.map(([t]) => t)).toEqual(['IHDR', 'IDAT', 'IEND']);
		expect(pngStructure(bad)).toEqual({ ok: false, message: UNREADABLE });
		const crc = Buffer.alloc(4);
		crc.writeUInt32BE(crc32(Buffer.from('tEXtabcd')));
		crc.copy(bad, 33 + 12);
		expect(pngStructure(bad)).toMatchObject({ ok: true, width: 600, height: 180 });
	});
});
