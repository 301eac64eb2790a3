import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { isWholeHeif, isWholeHeifFile } from './heif-boxes';
import { tooManyPixels } from './inspect';

const HEIC = path.resolve('../shared/fixtures/photos/heic/iphone-IMG_5195.heic');

/** One box: a 32-bit size (or 1 and a 64-bit size), a type, `body` bytes. */
function box(type: string, body: number, large = false): Buffer {
	const head = Buffer.alloc(large ? 16 : 8);
	head.writeUInt32BE(large ? 1 : head.length + body, 0);
	head.write(type, 4, 'latin1');
	if (large) {
		head.writeBigUInt64BE(BigInt(head.length + body), 8);
	}
	return Buffer.concat([head, Buffer.alloc(body)]);
}

describe('HEIF box structure', () => {
	it('a whole iPhone HEIC is whole; cut anywhere after its first box, it is not', async () => {
		const heic = fs.readFileSync(HEIC);
		expect(await isWholeHeif(heic)).toBe(true);
		expect(await isWholeHeifFile(HEIC)).toBe(true);
		for (const at of [0.1, 0.5, 0.99]) {
			expect(await isWholeHeif(heic.subarray(0, Math.floor(heic.length * at)))).toBe(false);
		}
		expect(await isWholeHeif(Buffer.concat([heic, Buffer.from('extra')]))).toBe(false);
	});

	it('follows 64-bit sizes and a last box that runs to the end', async () => {
		expect(await isWholeHeif(Buffer.concat([box('ftyp', 8), box('mdat', 100, true)]))).toBe(true);
		const toEnd = box('mdat', 50);
		toEnd.writeUInt32BE(0, 0);
		expect(await isWholeHeif(Buffer.concat([box('ftyp', 8), toEnd]))).toBe(true);
	});

	it('refuses a box that claims less than its own header (it would never advance)', async () => {
		const broken = box('ftyp', 8);
		broken.writeUInt32BE(4, 0);
		expect(await isWholeHeif(broken)).toBe(false);
	});
});

describe('the pixel-limit message', () => {
	it('does not round a size just over the limit down to the limit', () => {
		expect(tooManyPixels(7756, 7756)).toBe(
			'The image is 7756×7756 pixels (60.1 megapixels); the limit is 60 megapixels.'
		);
		expect(tooManyPixels(100_000, 100_000)).toContain('(10000 megapixels)');
	});
});
