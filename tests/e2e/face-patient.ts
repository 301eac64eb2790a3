// A patient whose front photos show a real face. The demo clinic's photos are close-ups of the
// treated skin, which no eye bar is for; the gallery's face features (the bars a draft starts
// with, the check that the eyes are covered) are tried on the Obama portrait fixture instead,
// uploaded by the clinic's ordinary form and processed by the server's own pipeline.
import fs from 'node:fs';
import path from 'node:path';
import { and, eq, inArray } from 'drizzle-orm';
import sharp from 'sharp';
import type { BrowserContext } from '@playwright/test';
import type { App } from './app';
import {
	clinic,
	consent,
	course,
	patient,
	photo,
	photoAlignment,
	treatmentSession,
	user
} from '../../src/lib/server/db/schema';
import { addDays, toIsoDate } from '../../src/lib/domain/schedule';
import { seedPatient } from '../support/test-db';

const PORTRAIT = path.resolve('../shared/fixtures/photos/faces/portrait-obama.jpg');
export const FACE_PATIENT = 'Robin Hale';
const SESSIONS = 3;

/**
 * Each session's capture: the same face a little brighter, nearer or turned each time, as a
 * second visit's photo is; not the same file twice.
 */
async function capture(n: number): Promise<Buffer> {
	const img = sharp(fs.readFileSync(PORTRAIT));
	const { width, height } = await img.metadata();
	return img
		.rotate(n * 1.5, { background: '#808080' })
		.resize(width, height, { fit: 'cover' })
		.linear(1 + 0.04 * n, 0)
		.jpeg({ quality: 90 })
		.toBuffer();
}

/**
 * Registers the patient with every consent and a three-session acne-scar course (rows, as the
 * clinic's forms would leave them), then uploads one front photo per session through the
 * patient page's upload form, signed in as `context`'s clinician, and waits until all are ready and
 * measured.
 */
export async function facePatient(demo: App, context: BrowserContext) {
	const c = demo.db.select().from(clinic).where(eq(clinic.slug, 'demo')).get()!;
	const clinician = demo.db
		.select()
		.from(user)
		.where(and(eq(user.clinicId, c.id), eq(user.role, 'clinician')))
		.get()!;
	const today = toIsoDate(new Date());
	const days = Array.from({ length: SESSIONS }, (_, n) => addDays(today, (n - SESSIONS) * 28));
	// the test databases' own patient (with the photos consent), then what a gallery case needs
	const p = seedPatient(demo.db, c.id, clinician.id, FACE_PATIENT);
	demo.db
		.update(patient)
		.set({ birthYear: 1990, fitzpatrick: 3, concerns: ['acne_scars'] })
		.where(eq(patient.id, p.id))
		.run();
	for (const scope of ['treatment', 'gallery_public'] as const) {
		demo.db
			.insert(consent)
			.values({
				clinicId: c.id,
				patientId: p.id,
				scope,
				textVersion: `${scope}-2026-01`,
				signedName: FACE_PATIENT,
				grantedAt: new Date(`${addDays(days[0], -1)}T10:00:00Z`),
				recordedBy: clinician.id
			})
			.run();
	}
	const co = demo.db
		.insert(course)
		.values({
			clinicId: c.id,
			patientId: p.id,
			concern: 'acne_scars',
			areas: ['cheeks'],
			plannedSessions: SESSIONS,
			intervalWeeks: 4,
			startedOn: days[0]
		})
		.returning()
		.get();
	for (const [n, performedOn] of days.entries()) {
		const s = demo.db
			.insert(treatmentSession)
			.values({ clinicId: c.id, courseId: co.id, performedOn, passes: 3 })
			.returning()
			.get();
		const res = await context.request.post(`${demo.baseURL}/clinic/patients/${p.id}?/upload`, {
			multipart: {
				view: 'front',
				sessionId: s.id,
				file: { name: `front-${n + 1}.jpg`, mimeType: 'image/jpeg', buffer: await capture(n) }
			},
			headers: { origin: demo.baseURL, accept: 'text/html' }
		});
		if (res.status() !== 200) {
			throw new Error(`upload ${n + 1}: ${res.status()} ${await res.text()}`);
		}
	}
	const fronts = () =>
		demo.db
			.select()
			.from(photo)
			.where(and(eq(photo.patientId, p.id), eq(photo.view, 'front')))
			.orderBy(photo.takenOn)
			.all();
	// ready, and measured by the alignment job, so a test's own alignment rows are not
	// overwritten by the job running late
	const measured = () =>
		demo.db
			.select()
			.from(photoAlignment)
			.where(
				inArray(
					photoAlignment.photoId,
					fronts().map((f) => f.id)
				)
			)
			.all().length;
	for (let waited = 0; fronts().some((f) => f.status !== 'ready') || measured() < SESSIONS;) {
		if (waited > 90_000 || fronts().some((f) => f.status === 'failed')) {
			throw new Error(`face photos not processed: ${fronts().map((f) => f.status)}`);
		}
		await new Promise((r) => setTimeout(r, 250));
		waited += 250;
	}
	return { patient: p, course: co, fronts: fronts() };
}
