// Social media collage time: one render per size from two public-sized WebP images (1440 px
// wide, as publish makes them), p50 of 5 after a warm-up, in a process that blocks sharp's SVG
// loader as the server does. Run: npx tsx tests/bench/social-collage.ts
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import sharp from 'sharp';
import '../../src/lib/server/photos/pipeline/decode';
import { renderSocialCollage } from '../../src/lib/server/gallery/social-collage';
import { SOCIAL_SIZES, type SocialSize } from '../../src/lib/domain/social-export';

const FACES = path.resolve('../shared/fixtures/photos/faces');
const RUNS = 5;

const publicSized = (file: string) =>
	sharp(fs.readFileSync(path.join(FACES, file)))
		.resize({ width: 1440 })
		.webp({ quality: 82 })
		.toBuffer();

export async function benchSocialCollage(): Promise<Record<`${SocialSize}_ms`, number>> {
	const [before, after] = await Promise.all([
		publicSized('portrait-obama.jpg'),
		publicSized('portrait-biden.jpg')
	]);
	const once = (size: SocialSize) =>
		renderSocialCollage({
			size,
			before,
			after,
			beforeLabel: 'Before',
			afterLabel: 'After 3 sessions',
			clinicName: 'Demo Skin Clinic',
			watermark: async () => null
		});
	await once('portrait');
	const out = {} as Record<`${SocialSize}_ms`, number>;
	for (const size of SOCIAL_SIZES) {
		const times: number[] = [];
		for (let i = 0; i < RUNS; i++) {
			const t = performance.now();
			await once(size);
			times.push(performance.now() - t);
		}
		times.sort((a, b) => a - b);
		out[`${size}_ms`] = Math.round(times[Math.floor(RUNS / 2)]);
	}
	return out;
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
	console.log(JSON.stringify(await benchSocialCollage()));
}
