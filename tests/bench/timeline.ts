// Server response time of the patient's timeline for a course of 6 sessions × 5 views, over
// loopback HTTP against a production server, in a clinic of 300 more patients shaped the same way.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDatabase } from '../../src/lib/server/db/client';
import { createSession } from '../../src/lib/server/auth/session';
import { STANDARD_VIEWS } from '../../src/lib/domain/views';
import { seedRealisticClinic } from './realistic-seed';
import { percentiles, startBenchServer } from './server';

const SESSIONS = 6;
const OTHER_PATIENTS = 300;
const REQUESTS = 300;

export async function timelineBench() {
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'resurface-timeline-'));
	const dbFile = path.join(dir, 'resurface.db');
	const db = openDatabase(dbFile, path.resolve('drizzle'));
	const t0 = performance.now();
	// every patient of the clinic has a course shaped like the one timed (see realistic-seed)
	const clinic = seedRealisticClinic(db, OTHER_PATIENTS + 1, SESSIONS);
	const seedMs = performance.now() - t0;
	const { token } = createSession(db, clinic.patientUsers[0]);
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
