// Server response time of the patient's timeline for a course of 6 sessions × 5 views, over
// loopback HTTP against a production server, in a clinic of 300 more patients shaped the same way;
// interleaved with /robots.txt so the ratio shows the page's part apart from the machine's.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDatabase } from '../../src/lib/server/db/client';
import { createSession } from '../../src/lib/server/auth/session';
import { STANDARD_VIEWS } from '../../src/lib/domain/views';
import { seedRealisticClinic } from './realistic-seed';
import { startBenchServer } from './server';
import { timeInterleaved, pageBytes, serverCpuMsPerRequest, watchMachine } from './relative';

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
		const check = (url: string, res: Response, body: string) => {
			// a real answer names every photo's variants
			if (res.status !== 200 || body.split('/media/private/').length <= 30 * 6) {
				throw new Error(`${url} answered ${res.status}`);
			}
		};
		const watch = watchMachine(server.child.pid!);
		const timed = await timeInterleaved(server.base, ['/me', '/me/__data.json'], check, {
			requests: REQUESTS,
			headers
		});
		const machine = watch();
		const pid = server.child.pid!;
		return {
			course: `${SESSIONS} sessions × ${STANDARD_VIEWS.length} views`,
			photos_in_db: (OTHER_PATIENTS + 1) * SESSIONS * STANDARD_VIEWS.length,
			seed_ms: Math.round(seedMs),
			// interleaved with /robots.txt, so the ratios are the page's own cost (relative.ts)
			robots_txt_ms: timed['/robots.txt'],
			page_html_ms: timed['/me'],
			page_data_ms: timed['/me/__data.json'],
			server_cpu_ms_per_request: {
				robots_txt: await serverCpuMsPerRequest(server.base, pid, '/robots.txt'),
				page_html: await serverCpuMsPerRequest(server.base, pid, '/me', { headers }),
				page_data: await serverCpuMsPerRequest(server.base, pid, '/me/__data.json', { headers })
			},
			page_bytes: await pageBytes(server.base, '/me', headers),
			machine_while_timing: machine
		};
	} finally {
		server.stop();
		fs.rmSync(dir, { recursive: true, force: true });
	}
}
