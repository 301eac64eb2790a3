// Steps for the compare views' alignment: a later photo deliberately turned and zoomed, and the
// `photo_alignment` rows the alignment job would write for it, so a test knows the true answer.
import fs from 'node:fs';
import path from 'node:path';
import { and, eq } from 'drizzle-orm';
import sharp from 'sharp';
import type { App } from './app';
import { photo, photoAlignment, photoVariant } from '../../src/lib/server/db/schema';
import { aboutCentre, invert, type Similarity } from '../../src/lib/domain/similarity';

type AlignmentRow = Omit<typeof photoAlignment.$inferInsert, 'photoId' | 'analysedAt'>;

/** Writes a photo's alignment row as the job would (one per photo). */
export function recordAlignment(demo: App, photoId: string, row: AlignmentRow) {
	demo.db
		.insert(photoAlignment)
		.values({ photoId, analysedAt: new Date(), ...row })
		.onConflictDoUpdate({ target: photoAlignment.photoId, set: row })
		.run();
}

/**
 * Replaces every served variant of a photo by itself turned `rotationDeg` clockwise and zoomed
 * by `scale` about its centre, cropped back to its size — as if taken with the camera tilted and
 * closer. Returns W, its upright pixels before → after; the alignment that undoes it is W⁻¹.
 * Zoomed in enough (about 1.1 for 4°), the crop has no empty corners.
 */
export async function tiltPhoto(
	demo: App,
	photoId: string,
	rotationDeg: number,
	scale: number
): Promise<Similarity> {
	const variants = demo.db
		.select()
		.from(photoVariant)
		.where(eq(photoVariant.photoId, photoId))
		.all();
	for (const v of variants) {
		const file = path.join(demo.dir, 'media', v.key);
		const turned = await sharp(fs.readFileSync(file))
			.rotate(rotationDeg, { background: '#808080' })
			.toBuffer({ resolveWithObject: true });
		const [w, h] = [Math.round(turned.info.width * scale), Math.round(turned.info.height * scale)];
		const zoomed = await sharp(turned.data).resize(w, h, { fit: 'fill' }).toBuffer();
		const out = await sharp(zoomed)
			.extract({
				left: Math.round((w - v.width) / 2),
				top: Math.round((h - v.height) / 2),
				width: v.width,
				height: v.height
			})
			.toFormat(v.format)
			.toBuffer();
		fs.writeFileSync(file, out);
		demo.db
			.update(photoVariant)
			.set({ bytes: out.length })
			.where(
				and(
					eq(photoVariant.photoId, photoId),
					eq(photoVariant.width, v.width),
					eq(photoVariant.format, v.format)
				)
			)
			.run();
	}
	const p = demo.db.select().from(photo).where(eq(photo.id, photoId)).get()!;
	return aboutCentre(scale, rotationDeg, [p.width! / 2, p.height! / 2]);
}

/** Tilts `later` and records it as aligned to `baseline` by the transform that undoes the tilt. */
export async function alignedTilt(
	demo: App,
	baseline: string,
	later: string,
	rotationDeg = 4,
	scale = 1.12
): Promise<Similarity> {
	const t = invert(await tiltPhoto(demo, later, rotationDeg, scale));
	recordAlignment(demo, baseline, { status: 'baseline', method: 'face', confidence: 1 });
	recordAlignment(demo, later, {
		status: 'aligned',
		baselineId: baseline,
		method: 'face',
		confidence: 0.93,
		...t
	});
	return t;
}

/** The 2D matrix of a CSS transform as the browser computed it: [a, b, c, d, e, f]. */
export function cssMatrix(transform: string): number[] {
	const m = /^matrix\(([^)]+)\)$/.exec(transform);
	if (!m) {
		throw new Error(`not a 2D matrix: ${transform}`);
	}
	return m[1].split(',').map(Number);
}
