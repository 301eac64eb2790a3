// Server response time of the patient's timeline for a course of 6 sessions × 5 views, over
// loopback HTTP against a production server, in a clinic of 300 patients shaped the same way.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDatabase, writeTx, type Tx } from '../../src/lib/server/db/client';
import {
	consent,
	course,
	patient,
	photo,
	photoVariant,
	treatmentSession,
	user
} from '../../src/lib/server/db/schema';
import { seedUser } from '../../src/lib/server/db/test-db';
import { createSession } from '../../src/lib/server/auth/session';
import { addDays } from '../../src/lib/domain/schedule';
import { STANDARD_VIEWS } from '../../src/lib/domain/views';
import { percentiles, startBenchServer } from './server';

const SESSIONS = 6;
const OTHER_PATIENTS = 300;
const REQUESTS = 300;

/** One patient with consents and a six-session course, five ready photos per session. */
function seedPatient(tx: Tx, clinicId: string, staffId: string, n: number, userId?: string) {
	const p = tx
		.insert(patient)
		.values({ clinicId, userId, displayName: `Patient ${n}`, concerns: ['acne_scars'] })
		.returning()
		.get();
	for (const scope of ['treatment', 'photos_private'] as const) {
		tx.insert(consent)
			.values({
				clinicId,
				patientId: p.id,
				scope,
				textVersion: 'v1',
				signedName: p.displayName,
				grantedAt: new Date('2026-01-01'),
				recordedBy: staffId
			})
			.run();
	}
	const c = tx
		.insert(course)
		.values({
			clinicId,
			patientId: p.id,
			concern: 'acne_scars',
			areas: ['cheeks'],
			plannedSessions: SESSIONS,
			intervalWeeks: 5,
			startedOn: '2026-03-02'
		})
		.returning()
		.get();
	for (let s = 0; s < SESSIONS; s++) {
		const on = addDays('2026-03-02', s * 35);
		const session = tx
			.insert(treatmentSession)
			.values({
				clinicId,
				courseId: c.id,
				performedOn: on,
				needleDepthMm: { cheeks: 1.5 },
				grade: 3
			})
			.returning()
			.get();
		for (const view of STANDARD_VIEWS) {
			const ph = tx
				.insert(photo)
				.values({
					clinicId,
					patientId: p.id,
					sessionId: session.id,
					view,
					takenOn: on,
					status: 'ready',
					width: 3024,
					height: 4032,
					sha256: crypto.randomUUID(),
					placeholder: 'HBkSHYSIeHiPiHh8eJd4eTN0EEQG',
					originalKey: `private/originals/${crypto.randomUUID()}`,
					originalType: 'image/jpeg',
					originalBytes: 3_000_000,
					uploadedBy: staffId
				})
				.returning({ id: photo.id })
				.get();
			for (const width of [320, 960, 1920]) {
				for (const format of ['avif', 'webp'] as const) {
					tx.insert(photoVariant)
						.values({
							photoId: ph.id,
							width,
							height: Math.round((width * 4) / 3),
							format,
							bytes: 50_000,
							key: `private/variants/${ph.id}/${width}.${format}`
						})
						.run();
				}
			}
		}
	}
	return { patient: p, course: c };
}

export async function timelineBench() {
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'resurface-timeline-'));
	const dbFile = path.join(dir, 'resurface.db');
	const db = openDatabase(dbFile, path.resolve('drizzle'));
	const { clinic, user: staff } = seedUser(db, 'clinician');
	const t0 = performance.now();
	const subject = writeTx(db, (tx) => {
		const u = tx
			.insert(user)
			.values({
				clinicId: clinic.id,
				email: 'bench-patient@example.test',
				name: 'Bench Patient',
				role: 'patient',
				passwordHash: 'x'
			})
			.returning()
			.get();
		for (let i = 0; i < OTHER_PATIENTS; i++) {
			seedPatient(tx, clinic.id, staff.id, i);
		}
		return { user: u, ...seedPatient(tx, clinic.id, staff.id, OTHER_PATIENTS, u.id) };
	});
	const seedMs = performance.now() - t0;
	const { token } = createSession(db, subject.user.id);
	db.$client.close();

	const server = await startBenchServer(dbFile, path.join(dir, 'media'));
	try {
		const headers = { cookie: `resurface_session=${token}` };
		const measure = async (url: string) => {
			const times: number[] = [];
			for (let i = 0; i < REQUESTS + 30; i++) {
				const start = performance.now();
				const res = await fetch(server.base + url, { headers });
				const body = await res.text();
				const ms = performance.now() - start;
				// a real answer names every photo's variants
				if (res.status !== 200 || body.split('/media/private/').length <= 30 * 6) {
					throw new Error(`${url} answered ${res.status}`);
				}
				if (i >= 30) {
					times.push(ms); // the first 30 warm the JIT and SQLite's page cache
				}
			}
			return percentiles(times);
		};
		return {
			course: `${SESSIONS} sessions × ${STANDARD_VIEWS.length} views`,
			photos_in_db: (OTHER_PATIENTS + 1) * SESSIONS * STANDARD_VIEWS.length,
			seed_ms: Math.round(seedMs),
			page_html_ms: await measure('/me'),
			page_data_ms: await measure('/me/__data.json')
		};
	} finally {
		server.stop();
		fs.rmSync(dir, { recursive: true, force: true });
	}
}
