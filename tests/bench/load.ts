// Load: a clinic of realistic size (2,000 patients, 50,000 photos, 10,000 published cases),
// 60 s at 50 concurrent connections spread over the gallery, case and timeline pages, while
// two clients upload 12 MP photos one after another. Reports errors and p50/p99 per page.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import { openDatabase } from '../../src/lib/server/db/client';
import { createSession } from '../../src/lib/server/auth/session';
import { make12mpJpeg } from './photo-pipeline';
import { seedRealisticClinic } from './realistic-seed';
import { startBenchServer } from './server';

const DURATION_S = Number(process.env.LOAD_SECONDS) || 60;
const pick = <T>(list: T[]) => list[Math.floor(Math.random() * list.length)];

function run(opts: autocannon.Options): Promise<autocannon.Result> {
	return new Promise((resolve, reject) => {
		autocannon(opts, (err, result) => (err ? reject(err) : resolve(result)));
	});
}

const summary = (r: autocannon.Result) => ({
	requests: r.requests.total,
	errors: r.errors + r.timeouts,
	non_2xx: r.non2xx,
	p50_ms: r.latency.p50,
	p99_ms: r.latency.p99,
	rps: Math.round(r.requests.average)
});

export async function loadBench() {
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'resurface-load-'));
	const dbFile = path.join(dir, 'resurface.db');
	const db = openDatabase(dbFile, path.resolve('drizzle'));
	const t0 = performance.now();
	const clinic = seedRealisticClinic(db);
	const seedMs = Math.round(performance.now() - t0);
	const patientCookies = clinic.patientUsers
		.slice(0, 200)
		.map((id) => `resurface_session=${createSession(db, id).token}`);
	const staffCookie = `resurface_session=${createSession(db, clinic.staffId).token}`;
	const counts = db.$client
		.prepare(
			"select (select count(*) from patient) patients, (select count(*) from photo) photos, (select count(*) from gallery_case where status = 'published') cases"
		)
		.get();
	db.$client.close();
	const jpegPath = path.join(dir, '12mp.jpg');
	await make12mpJpeg(jpegPath);
	const jpeg = fs.readFileSync(jpegPath);

	const server = await startBenchServer(dbFile, path.join(dir, 'media'));
	try {
		const gallery = `/c/${clinic.slug}/gallery`;
		const filters = ['', '?concern=acne_scars', '?skin=3', '?sessions=4&concern=wrinkles'];
		const common = { url: server.base, duration: DURATION_S, timeout: 10 };
		const pages = Promise.all([
			run({
				...common,
				connections: 17,
				requests: [
					{
						setupRequest: (r) => ({
							...r,
							path: `${gallery}${pick(filters) || `?page=${1 + Math.floor(Math.random() * 20)}`}`
						})
					}
				]
			}),
			run({
				...common,
				connections: 17,
				requests: [
					{
						setupRequest: (r) => ({ ...r, path: `/c/${clinic.slug}/cases/${pick(clinic.caseIds)}` })
					}
				]
			}),
			run({
				...common,
				connections: 16,
				requests: [
					{
						setupRequest: (r) => ({
							...r,
							path: '/me',
							headers: { ...r.headers, cookie: pick(patientCookies) }
						})
					}
				]
			})
		]);
		// two clients uploading one photo after another for the whole run
		const uploads = { ok: 0, errors: 0, ms: [] as number[] };
		const stopAt = Date.now() + DURATION_S * 1000;
		const uploader = async () => {
			while (Date.now() < stopAt) {
				const form = new FormData();
				form.append('view', 'front');
				form.append('file', new Blob([new Uint8Array(jpeg)], { type: 'image/jpeg' }), 'p.jpg');
				const start = performance.now();
				try {
					const res = await fetch(
						`${server.base}/api/v1/patients/${clinic.uploadPatientId}/photos`,
						{
							method: 'POST',
							body: form,
							headers: { cookie: staffCookie, origin: server.base }
						}
					);
					await res.arrayBuffer();
					uploads[res.status === 201 ? 'ok' : 'errors']++;
				} catch {
					uploads.errors++;
				}
				uploads.ms.push(performance.now() - start);
			}
		};
		const [[g, c, t]] = await Promise.all([pages, uploader(), uploader()]);
		const sorted = uploads.ms.sort((a, b) => a - b);
		return {
			database: counts,
			seed_ms: seedMs,
			seconds: DURATION_S,
			connections: 50,
			gallery: summary(g),
			case_page: summary(c),
			timeline: summary(t),
			uploads: {
				ok: uploads.ok,
				errors: uploads.errors,
				p50_ms: Math.round(sorted[Math.floor(sorted.length / 2)] ?? 0),
				p99_ms: Math.round(sorted[Math.floor(sorted.length * 0.99)] ?? 0)
			},
			zero_errors:
				[g, c, t].every((r) => r.errors + r.timeouts + r.non2xx === 0) && uploads.errors === 0
		};
	} finally {
		server.stop();
		fs.rmSync(dir, { recursive: true, force: true });
	}
}
