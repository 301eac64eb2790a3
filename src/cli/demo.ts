// `npm run demo`: migrate, seed the demo clinic and serve it. Never in production mode.
import { buildIfNeeded } from './build-if-needed';
import { serve } from './server';
import { openDatabase } from '../lib/server/db/client';
import { config } from '../lib/server/platform/config';
import { getStore } from '../lib/server/storage';
import { seedDemo } from './demo/seed';
import { startWorker } from '../lib/server/jobs/worker';
import { backgroundJobs } from '../lib/server/platform/background-jobs';
import { publishDemoCases } from './demo/gallery';
import { DEMO_PASSWORD, DEMO_PATIENTS, DEMO_STAFF } from './demo/people';
import { restrictUmask } from '../lib/server/storage/private-files';
import { reportPhotoProgress } from './demo/progress';

if (process.env.NODE_ENV === 'production') {
	console.error('The demo clinic has public passwords; it does not run with NODE_ENV=production.');
	process.exit(1);
}
// The demo keeps its own files so it never mixes with a real clinic's data.
process.env.DATABASE_URL ??= './data/demo/resurface.db';
process.env.MEDIA_DIR ??= './data/demo/media';
process.env.HOST ??= '127.0.0.1';
process.env.PORT ??= '3000';
// adapter-node assumes https without ORIGIN, and SvelteKit's CSRF check compares against it.
process.env.ORIGIN ??= `http://localhost:${process.env.PORT}`;
process.env.RESURFACE_DEMO = '1';

buildIfNeeded();
restrictUmask();
const db = openDatabase(config.databasePath());
const started = Date.now();
const result = await seedDemo(db, getStore(), { log: console.log });
console.log(
	result.created
		? `Seeded the demo clinic in ${((Date.now() - started) / 1000).toFixed(1)} s.`
		: 'The demo clinic is already there; leaving it as it is.'
);
// Make the photos' web versions and alignments now, so the demo opens with every image ready
// and the public cases are published aligned.
const pending = db.$client
	.prepare("select count(*) n from job where status in ('pending', 'running')")
	.get() as { n: number };
if (pending.n > 0) {
	console.log(
		`Processing ${pending.n} demo photos through the photo pipeline, then aligning each to its course’s first photo…`
	);
	const t0 = Date.now();
	const worker = startWorker(db, backgroundJobs(db, getStore()));
	const stopProgress = reportPhotoProgress(db, pending.n, console.log);
	await worker.idle();
	stopProgress();
	await worker.stop();
	console.log(`Done in ${((Date.now() - t0) / 1000).toFixed(1)} s.`);
}
// The public gallery shows the patients who agreed to it (only once: a withdrawn case stays so).
if (result.created) {
	console.log('Publishing the consenting patients’ cases to the public gallery…');
}
const published = await publishDemoCases(db, getStore(), console.log);
if (published > 0) {
	console.log(`Published ${published} cases to the public gallery.`);
}
db.$client.close();

await serve();
const url = process.env.ORIGIN;
const accounts = [
	...DEMO_STAFF.map((s) => [s.email, s.role]),
	[DEMO_PATIENTS[0].account, 'patient']
];
console.log(`
Resurface demo is running at ${url}
Public gallery (no sign-in): ${url}/c/demo
Sign in with any of these (password: ${DEMO_PASSWORD}):
${accounts.map(([email, role]) => `  ${email!.padEnd(22)} ${role}`).join('\n')}
Press Ctrl+C to stop.`);
