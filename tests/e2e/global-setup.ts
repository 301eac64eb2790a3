import fs from 'node:fs';
import path from 'node:path';
import { ROOT, TEMPLATE_DIR } from './paths';
import { openDatabase } from '../../src/lib/server/db/client';
import { LocalDiskStore } from '../../src/lib/server/storage/local-disk';
import { seedDemo } from '../../src/cli/demo/seed';
import { startWorker } from '../../src/lib/server/jobs/worker';
import { backgroundJobs } from '../../src/lib/server/platform/background-jobs';
import { publishDemoCases } from '../../src/cli/demo/gallery';

/** Seeds the demo clinic once, with small photos; each test then works on its own copy. */
export default async function globalSetup() {
	if (!fs.existsSync(path.join(ROOT, 'build', 'index.js'))) {
		throw new Error('Build the app first (npm run test:e2e does: vite build && playwright test).');
	}
	fs.rmSync(TEMPLATE_DIR, { recursive: true, force: true });
	fs.mkdirSync(TEMPLATE_DIR, { recursive: true });
	const db = openDatabase(path.join(TEMPLATE_DIR, 'resurface.db'), path.join(ROOT, 'drizzle'));
	const store = new LocalDiskStore(path.join(TEMPLATE_DIR, 'media'));
	await seedDemo(db, store, { photoWidth: 240 });
	const worker = startWorker(db, backgroundJobs(db, store));
	await worker.idle();
	await worker.stop();
	await publishDemoCases(db, store);
	// publishing queued the AVIF renditions: the template has them, as a demo that ran a while
	const avif = startWorker(db, backgroundJobs(db, store));
	await avif.idle();
	await avif.stop();
	// Fold the WAL into the main file so a plain copy carries everything.
	db.$client.pragma('wal_checkpoint(TRUNCATE)');
	db.$client.close();
}
