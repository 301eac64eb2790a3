import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { DEFAULT_WATERMARK, type WatermarkSettings } from '../../domain/watermark';
import { watermarkLayer } from './watermark';
// as in the server: the upload pipeline blocks sharp's SVG loader for the whole process
import '../photos/pipeline/decode';

const W = 600;
const H = 400;
const on = (s: Partial<WatermarkSettings>): WatermarkSettings => ({
	...DEFAULT_WATERMARK,
	enabled: true,
	...s
});

/** Mean absolute change per pixel in each quarter of the image, after compositing the layer. */
async function changeByQuarter(wm: WatermarkSettings, logo: Buffer | null = null) {
	const base = { create: { width: W, height: H, channels: 3 as const, background: '#a08070' } };
	const layer = await watermarkLayer(wm, { name: 'Clinique Élan', logo }, W, H);
	expect(layer).not.toBeNull();
	const marked = await sharp(base).composite([layer!]).removeAlpha().raw().toBuffer();
	const plain = await sharp(base).raw().toBuffer();
	const quarters = { tl: 0, tr: 0, bl: 0, br: 0 };
	for (let y = 0; y < H; y++) {
		for (let x = 0; x < W; x++) {
			const i = (y * W + x) * 3;
			const d = Math.abs(marked[i] - plain[i]);
			const q = `${y < H / 2 ? 't' : 'b'}${x < W / 2 ? 'l' : 'r'}` as keyof typeof quarters;
			quarters[q] += d / ((W * H) / 4);
		}
	}
	return quarters;
}

describe('watermark layer', () => {
	it('is nothing at all while the owner has it off', async () => {
		expect(await watermarkLayer(DEFAULT_WATERMARK, { name: 'C', logo: null }, W, H)).toBeNull();
	});

	it('draws the name in the chosen corner only', async () => {
		const br = await changeByQuarter(on({ position: 'bottom-right' }));
		expect(br.br).toBeGreaterThan(0.1);
		expect(br.tl + br.tr + br.bl).toBe(0);
		const tl = await changeByQuarter(on({ position: 'top-left' }));
		expect(tl.tl).toBeGreaterThan(0.1);
		expect(tl.br + tl.tr + tl.bl).toBe(0);
	});

	it('is fainter at a lower opacity', async () => {
		const strong = await changeByQuarter(on({ opacity: 0.8 }));
		const faint = await changeByQuarter(on({ opacity: 0.2 }));
		expect(faint.br).toBeLessThan(strong.br / 2);
	});

	it('draws the logo when asked, and the name while there is none', async () => {
		const logo = await sharp({
			create: { width: 200, height: 80, channels: 3, background: '#0000ff' }
		})
			.png()
			.toBuffer();
		const layer = await watermarkLayer(on({ mark: 'logo' }), { name: 'C', logo }, W, H);
		const px = await sharp({
			create: { width: W, height: H, channels: 3, background: '#ffffff' }
		})
			.composite([layer!])
			.removeAlpha()
			.raw()
			.toBuffer();
		// a blue-tinted pixel near the bottom-right corner: the logo, at half opacity
		const i = ((H - 30) * W + (W - 40)) * 3;
		expect(px[i + 2] - px[i]).toBeGreaterThan(80);
		const named = await changeByQuarter(on({ mark: 'logo' }), null);
		expect(named.br).toBeGreaterThan(0.1);
	});
});
