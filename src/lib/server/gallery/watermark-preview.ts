import sharp from 'sharp';
import type { Db } from '../db/client';
import type { StaffActor } from '../auth/guard';
import type { BlobStore } from '../storage/blob-store';
import { imageWork } from '../photos/pipeline/image-work';
import { getClinic } from '../clinic/clinic';
import { notFound } from '../auth/guard';
import type { WatermarkSettings } from '../../domain/watermark';
import { currentStamp, stampInput } from './stamp';
import { watermarked } from './render';

export const SAMPLE = { width: 960, height: 720 } as const;

// A made-up patch of skin, not a patient: light and shadowed, so the owner sees the mark on
// both. Computed (sharp's SVG loader is blocked in this process), once per process.
let sample: { data: Buffer; info: { width: number; height: number; channels: 3 } } | null = null;

const LIGHT = [243, 210, 189];
const DARK = [122, 79, 58];

function samplePixels() {
	if (!sample) {
		const { width, height } = SAMPLE;
		const data = Buffer.alloc(width * height * 3);
		let seed = 7;
		const noise = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31 - 0.5) * 14;
		for (let y = 0; y < height; y++) {
			for (let x = 0; x < width; x++) {
				// lit from the upper left, falling into shadow towards the lower right
				const d = Math.hypot(x / width - 0.4, y / height - 0.35) / 0.85;
				const t = Math.min(1, d * d);
				const n = noise();
				for (let ch = 0; ch < 3; ch++) {
					const v = LIGHT[ch] + (DARK[ch] - LIGHT[ch]) * t + n;
					data[(y * width + x) * 3 + ch] = Math.max(0, Math.min(255, Math.round(v)));
				}
			}
		}
		sample = { data, info: { width, height, channels: 3 } };
	}
	return sample;
}

/**
 * The sample photo with the watermark the owner is choosing (not yet saved), drawn by the same
 * code as the published images. Never stored.
 */
export async function watermarkPreview(
	db: Db,
	store: BlobStore,
	actor: StaffActor,
	wm: WatermarkSettings
): Promise<Buffer> {
	const c = getClinic(db, actor.clinicId) ?? notFound();
	const stamp = currentStamp({
		name: c.name,
		settings: { ...(c.settings as object), watermark: wm }
	});
	const input = await stampInput(store, stamp);
	return imageWork(actor.user.id, async () => {
		const pixels = samplePixels();
		const marked = input ? await watermarked(pixels, input) : pixels;
		return sharp(marked.data, { raw: marked.info }).webp({ quality: 80 }).toBuffer();
	});
}
