// Publish wall time on the demo photos: how long `publishCase` takes to answer (issue 18: ≤ 2 s
// on 2 cores), and how long the background jobs it queued take after it. `npm run bench --
// gallery` reports the mean over its 24 real cases; this is the quick look at a few.
// Run: npx tsx tests/bench/publish-time.ts [cases] [aligned]  (aligned: each after photo gets an
// alignment row to its before, as the photo job writes them, so publish takes the warp path)
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { and, asc, eq } from 'drizzle-orm';
import { openDatabase } from '../../src/lib/server/db/client';
import { LocalDiskStore } from '../../src/lib/server/storage/local-disk';
import {
	clinic,
	course,
	galleryCase,
	patient,
	photo,
	photoAlignment,
	user
} from '../../src/lib/server/db/schema';
import { aboutCentre } from '../../src/lib/server/photos/align/similarity';
import { seedDemo } from '../../src/cli/demo/seed';
import { startWorker } from '../../src/lib/server/jobs/worker';
import { backgroundJobs } from '../../src/lib/server/platform/background-jobs';
import { hasActiveConsent } from '../../src/lib/server/consents/consents';
import { createDraft } from '../../src/lib/server/gallery/drafts';
import { publishCase } from '../../src/lib/server/gallery/publish';
import type { StaffActor } from '../../src/lib/server/auth/guard';
import { machineNow } from './relative';

const EYE_BAR = { crop: null, masks: [{ kind: 'bar' as const, x: 0.2, y: 0.3, w: 0.6, h: 0.1 }] };

const wanted = Number(process.argv[2] ?? 4);
const aligned = process.argv[3] === 'aligned';
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'resurface-publish-'));
const db = openDatabase(path.join(dir, 'resurface.db'), path.resolve('drizzle'));
const store = new LocalDiskStore(path.join(dir, 'media'));
try {
	await seedDemo(db, store);
	const seedWorker = startWorker(db, backgroundJobs(db, store));
	await seedWorker.idle();
	await seedWorker.stop();
	const c = db.select().from(clinic).where(eq(clinic.slug, 'demo')).get()!;
	const clinician = db.select().from(user).where(eq(user.email, 'clinician@demo.test')).get()!;
	const actor = { user: clinician, clinicId: c.id } as StaffActor;
	const drafts: string[] = [];
	for (const p of db.select().from(patient).where(eq(patient.clinicId, c.id)).all()) {
		const co = db.select().from(course).where(eq(course.patientId, p.id)).get();
		const photos = db
			.select()
			.from(photo)
			.where(and(eq(photo.patientId, p.id), eq(photo.view, 'front'), eq(photo.status, 'ready')))
			.orderBy(asc(photo.takenOn))
			.all();
		if (!co || photos.length < 2 || !hasActiveConsent(db, p.id, 'gallery_public')) {
			continue;
		}
		const draft = createDraft(db, actor, {
			courseId: co.id,
			beforePhotoId: photos[0].id,
			afterPhotoId: photos.at(-1)!.id
		});
		db.update(galleryCase)
			.set({ redactions: { before: EYE_BAR, after: EYE_BAR } })
			.where(eq(galleryCase.id, draft.id))
			.run();
		if (aligned) {
			const [first, latest] = [photos[0], photos.at(-1)!];
			const centre = [(latest.width ?? 0) / 2, (latest.height ?? 0) / 2] as const;
			db.insert(photoAlignment)
				.values([
					{ photoId: first.id, status: 'baseline', analysedAt: new Date() },
					{
						photoId: latest.id,
						baselineId: first.id,
						status: 'aligned',
						method: 'bench',
						confidence: 1,
						analysedAt: new Date(),
						...aboutCentre(1.03, 2.5, centre, [12, -8])
					}
				])
				.onConflictDoNothing()
				.run();
		}
		drafts.push(draft.id);
	}
	const publishMs: number[] = [];
	const jobsMs: number[] = [];
	for (const id of drafts.slice(0, wanted)) {
		let t = performance.now();
		await publishCase(db, store, actor, id);
		publishMs.push(Math.round(performance.now() - t));
		t = performance.now();
		const worker = startWorker(db, backgroundJobs(db, store));
		await worker.idle();
		await worker.stop();
		jobsMs.push(Math.round(performance.now() - t));
	}
	const sorted = [...publishMs].sort((a, b) => a - b);
	console.log(
		JSON.stringify({
			cases: publishMs.length,
			aligned,
			publish_ms: publishMs,
			publish_ms_median: sorted[Math.floor(sorted.length / 2)],
			jobs_after_publish_ms: jobsMs,
			machine: machineNow()
		})
	);
} finally {
	db.$client.close();
	fs.rmSync(dir, { recursive: true, force: true });
}
