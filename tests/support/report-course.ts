// A course worth a progress report, made the way the app makes one: the course and its graded
// sessions through the course service, the patient's ratings through theirs, and photos of a
// real face uploaded and processed by the photo pipeline. Alignment rows are written as the
// alignment job writes them (the spec of the job itself is elsewhere).
import path from 'node:path';
import sharp from 'sharp';
import { eq } from 'drizzle-orm';
import { clinic, patient, photoAlignment, user } from '../../src/lib/server/db/schema';
import type { PatientActor } from '../../src/lib/server/auth/guard';
import { createCourse, logSession } from '../../src/lib/server/courses/courses';
import { rateSession } from '../../src/lib/server/courses/self-rating';
import { handlePhotoUpload } from '../../src/lib/server/photos/intake/upload-request';
import { processPhoto } from '../../src/lib/server/photos/pipeline/process';
import type { PhotoView } from '../../src/lib/domain/views';
import { seedPatient } from './test-db';
import { uploadRequest, type photoTestClinic } from './photo-clinic';

export const FACE_PHOTO = path.resolve('../shared/fixtures/photos/faces/portrait-obama.jpg');

type TestClinic = ReturnType<typeof photoTestClinic>;

export interface ReportCourseOptions {
	name?: string;
	sessions?: { on: string; grade: number | null; rating: number | null }[];
	/** views with a first and a latest photo; the first listed is aligned, the others failed */
	views?: PhotoView[];
}

const SESSIONS = [
	{ on: '2026-01-05', grade: 3, rating: 4 },
	{ on: '2026-02-02', grade: 3, rating: 6 },
	{ on: '2026-03-02', grade: 2, rating: 8 }
];

/** The face at a tenth of a turn and a little brighter each time: a distinct upload per photo. */
async function facePhoto(n: number, width = 600): Promise<Buffer> {
	return sharp(FACE_PHOTO)
		.resize({ width })
		.rotate(n % 2 ? 1.5 : 0, { background: '#808080' })
		.modulate({ brightness: 1 + n * 0.02 })
		.jpeg({ quality: 90 })
		.toBuffer();
}

export async function reportCourse(c: TestClinic, opts: ReportCourseOptions = {}) {
	const p = seedPatient(c.db, c.clinic.id, c.clinician.id, opts.name ?? 'Ada Lovelace');
	const co = createCourse(c.db, c.actor, p, {
		concern: 'acne_scars',
		areas: ['cheeks', 'forehead'],
		plannedSessions: 4,
		intervalWeeks: 4,
		startedOn: '2026-01-05'
	});
	const plan = opts.sessions ?? SESSIONS;
	const sessions = plan.map((s) =>
		logSession(c.db, c.actor, co, {
			performedOn: s.on,
			device: 'SkinPen Precision',
			needleDepthMm: { cheeks: 1.5, forehead: 0.5 },
			passes: 3,
			numbing: true,
			sideEffects: '',
			notes: '',
			grade: s.grade === null ? null : { value: s.grade }
		})
	);
	const account = c.db
		.insert(user)
		.values({
			clinicId: c.clinic.id,
			email: `patient-${crypto.randomUUID().slice(0, 8)}@example.test`,
			name: p.displayName,
			role: 'patient',
			passwordHash: 'x'
		})
		.returning()
		.get();
	c.db.update(patient).set({ userId: account.id }).where(eq(patient.id, p.id)).run();
	const patientActor = {
		user: account,
		clinicId: c.clinic.id,
		patient: { ...p, userId: account.id }
	} as PatientActor;
	plan.forEach((s, i) => {
		if (s.rating !== null) {
			rateSession(c.db, patientActor, sessions[i].id, { rating: s.rating, note: null });
		}
	});

	const views = opts.views ?? ['front', 'left45'];
	const photos: Record<string, { first: string; latest: string }> = {};
	let n = 0;
	for (const view of views) {
		const ids: string[] = [];
		for (const s of [sessions[0], sessions.at(-1)!]) {
			const out = await handlePhotoUpload(
				c.db,
				c.store,
				c.actor,
				p,
				uploadRequest([{ name: `${view}-${n}.jpg`, bytes: await facePhoto(n++) }], {
					view,
					sessionId: s.id
				})
			);
			const id = out.files[0].id!;
			await processPhoto(c.db, c.store, id);
			ids.push(id);
		}
		photos[view] = { first: ids[0], latest: ids[1] };
	}
	views.forEach((view, i) => {
		const { first, latest } = photos[view];
		c.db
			.insert(photoAlignment)
			.values([
				{ photoId: first, status: 'baseline', analysedAt: new Date() },
				i === 0
					? {
							photoId: latest,
							baselineId: first,
							status: 'aligned',
							method: 'face-landmarks+ecc',
							confidence: 0.98,
							scale: 1.02,
							rotationDeg: -1.5,
							dx: -6,
							dy: 4,
							analysedAt: new Date()
						}
					: {
							photoId: latest,
							baselineId: first,
							status: 'failed',
							reason: 'no face was found',
							analysedAt: new Date()
						}
			])
			.run();
	});
	return { p, co, sessions, patientActor, photos };
}

/** Gives the test clinic a name to look for in the document. */
export function nameClinic(c: TestClinic, name: string) {
	c.db.update(clinic).set({ name }).where(eq(clinic.id, c.clinic.id)).run();
}
