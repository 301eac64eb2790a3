// Shared by the eye-bar and publish-check specs: the gallery material with two more front photos
// that show a real face (the Obama portrait fixture at half size: publishing renders every public
// width of a photo, and at full size that took up to a minute a case on the busy test machine),
// and the alignment rows the photo job would have written for them.
import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { photo, photoAlignment } from '../../src/lib/server/db/schema';
import { keys } from '../../src/lib/server/storage';
import type { photoTestClinic } from './photo-clinic';
import { caseMaterial } from './gallery-material';

export const FACE_PHOTO = path.resolve('../shared/fixtures/photos/faces/portrait-obama.jpg');
/** the size the specs use it at (the fixture is 910 × 1137) */
export const FACE_SIZE = { width: 455, height: 569 };
let halfFace: Buffer | undefined;
const faceBytes = async () =>
	(halfFace ??= await sharp(FACE_PHOTO)
		.resize(FACE_SIZE.width, FACE_SIZE.height)
		.jpeg()
		.toBuffer());

type TestClinic = ReturnType<typeof photoTestClinic>;
type View = 'front' | 'left45' | 'left90';

/** A consenting patient's course with a before and an after photo of a face, in one view. */
export async function faceCase(c: TestClinic, view: View = 'front', file = FACE_PHOTO) {
	const m = await caseMaterial(c);
	const add = async (takenOn: string) => {
		const id = crypto.randomUUID().replaceAll('-', '');
		const key = keys.original(id);
		await c.store.put(key, file === FACE_PHOTO ? await faceBytes() : fs.readFileSync(file));
		return c.db
			.insert(photo)
			.values({
				id,
				clinicId: c.clinic.id,
				patientId: m.p.id,
				view,
				takenOn,
				status: 'ready',
				...(file === FACE_PHOTO ? FACE_SIZE : {}),
				sha256: id,
				originalKey: key,
				originalType: 'image/jpeg',
				originalBytes: 1,
				uploadedBy: c.clinician.id
			})
			.returning()
			.get();
	};
	const before = await add('2026-01-06');
	const after = await add('2026-04-14');
	return {
		...m,
		before,
		after,
		input: { courseId: m.co.id, beforePhotoId: before.id, afterPhotoId: after.id }
	};
}

type Warning = 'blurred' | 'darker' | 'brighter' | 'colour' | 'turned' | 'tilted' | 'framing';

/** The rows the alignment job writes: the before is the baseline, the after aligned to it. */
export function alignmentRows(
	c: TestClinic,
	pair: { before: { id: string }; after: { id: string } },
	after: {
		status?: 'aligned' | 'unsure' | 'failed';
		reason?: string;
		warnings?: Warning[];
		exposureEv?: number;
		eyes?: [[number, number], [number, number]];
	} = {}
) {
	const quality = (warnings: Warning[], exposureEv: number) => ({
		sharpness: 1.2,
		sharpnessVsBaseline: 1,
		exposureEv,
		whiteBalance: { rg: 1, bg: 1 },
		warnings
	});
	const face = after.eyes ? { box: [0, 0, 10, 10], eyes: after.eyes } : null;
	c.db
		.insert(photoAlignment)
		.values([
			{
				photoId: pair.before.id,
				status: 'baseline',
				face,
				quality: quality([], 0),
				analysedAt: new Date()
			},
			{
				photoId: pair.after.id,
				baselineId: pair.before.id,
				status: after.status ?? 'aligned',
				reason: after.reason ?? null,
				method: 'face-landmarks+ecc',
				confidence: 0.99,
				scale: 1,
				rotationDeg: 0,
				dx: 0,
				dy: 0,
				face,
				quality: quality(after.warnings ?? [], after.exposureEv ?? 0),
				analysedAt: new Date()
			}
		])
		.run();
}
