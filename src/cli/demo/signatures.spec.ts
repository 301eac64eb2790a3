import { describe, expect, it } from 'vitest';
import sharp from 'sharp';
import { demoSignature } from './signatures';
import { checkSignatureDataUrl } from '../../lib/server/consents/signature-png';

describe('demo signatures', () => {
	it('passes the check a drawn signature passes, at the pad’s size, with ink on it', async () => {
		const url = await demoSignature('Jordan Avery');
		const checked = await checkSignatureDataUrl(url);
		expect(checked.ok).toBe(true);
		const png = Buffer.from(url.split(',')[1], 'base64');
		const { width, height } = await sharp(png).metadata();
		expect({ width, height }).toEqual({ width: 600, height: 180 });
		// some ink, not a blank pad: the alpha channel covers between 1 % and 20 % of it
		const stats = await sharp(png).stats();
		const alpha = stats.channels[3].mean / 255;
		expect(alpha).toBeGreaterThan(0.01);
		expect(alpha).toBeLessThan(0.2);
	});

	it('is the same for the same name and differs between people', async () => {
		const a = await demoSignature('Mei Tanaka');
		expect(await demoSignature('Mei Tanaka')).toBe(a);
		expect(await demoSignature('Kwame Mensah')).not.toBe(a);
	});
});
