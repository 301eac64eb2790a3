// Peak memory of a real server while 10 uploads of 12 MP are processed and aligned at once, and
// the HTTP answer time on loopback.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDatabase } from '../../src/lib/server/db/client';
import { seedPatient, seedUser } from '../support/test-db';
import { createSession } from '../../src/lib/server/auth/session';
import { make12mpJpeg } from './photo-pipeline';
import { startBenchServer } from './server';

const readKb = (pid: number, field: 'VmHWM' | 'VmRSS') =>
	Number(
		new RegExp(`${field}:\\s+(\\d+)`).exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1]
	);

export async function uploadRssBench(uploads = 10) {
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'resurface-rss-'));
	const dbFile = path.join(dir, 'resurface.db');
	const db = openDatabase(dbFile, path.resolve('drizzle'));
	const { clinic, user } = seedUser(db, 'clinician');
	const p = seedPatient(db, clinic.id, user.id, 'Bench');
	const { token } = createSession(db, user.id);
	const jpegPath = path.join(dir, '12mp.jpg');
	await make12mpJpeg(jpegPath);
	const jpeg = fs.readFileSync(jpegPath);

	const server = await startBenchServer(dbFile, path.join(dir, 'media'));
	const { base, child } = server;
	try {
		const idleRssMb = readKb(child.pid!, 'VmRSS') / 1024;
		const headers = { cookie: `resurface_session=${token}`, origin: base };
		const post = async () => {
			const form = new FormData();
			form.append('view', 'front');
			form.append('file', new Blob([new Uint8Array(jpeg)], { type: 'image/jpeg' }), 'p.jpg');
			const t0 = performance.now();
			const res = await fetch(`${base}/api/v1/patients/${p.id}/photos`, {
				method: 'POST',
				body: form,
				headers
			});
			const ms = performance.now() - t0;
			if (res.status !== 201) {
				throw new Error(`upload answered ${res.status}: ${await res.text()}`);
			}
			return ms;
		};
		const single = await post();
		const times = await Promise.all(Array.from({ length: uploads }, post));
		const t0 = performance.now();
		// every job: the variants, then each photo's alignment to the first (its worker thread's
		// models and WASM heaps are in this process's peak too)
		const count = (sql: string) => (db.$client.prepare(sql).get() as { n: number }).n;
		let processedMs = 0;
		for (;;) {
			if (!processedMs && count("select count(*) n from photo where status = 'processing'") === 0) {
				processedMs = performance.now() - t0;
			}
			if (count("select count(*) n from job where status in ('pending', 'running')") === 0) {
				break;
			}
			await new Promise((r) => setTimeout(r, 100));
		}
		return {
			uploads_at_once: uploads,
			idle_rss_mb: Math.round(idleRssMb),
			peak_rss_mb: Math.round(readKb(child.pid!, 'VmHWM') / 1024),
			http_answer_ms_single_12mp: Math.round(single),
			http_answer_ms_concurrent_max: Math.round(Math.max(...times)),
			processing_all_ms: Math.round(processedMs),
			processing_and_aligning_all_ms: Math.round(performance.now() - t0),
			aligned: count(
				"select count(*) n from photo_alignment where status in ('baseline', 'aligned')"
			)
		};
	} finally {
		server.stop();
		db.$client.close();
		fs.rmSync(dir, { recursive: true, force: true });
	}
}
