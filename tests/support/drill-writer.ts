// The write load for drill.spec.ts, in its own process as a server would be: uploads through
// the real upload path, the photo worker, gallery publishing, withdrawals and photo deletions,
// without pause until stdin closes. Prints its counters as one JSON line after every operation.
import { eq } from 'drizzle-orm';
import { openDatabase } from '../../src/lib/server/db/client';
import { galleryCase } from '../../src/lib/server/db/schema';
import { seedUser } from './test-db';
import { LocalDiskStore } from '../../src/lib/server/storage/local-disk';
import { startWorker } from '../../src/lib/server/jobs/worker';
import { backgroundJobs } from '../../src/lib/server/platform/background-jobs';
import { deletePhoto } from '../../src/lib/server/photos/delete';
import { withdrawCase } from '../../src/lib/server/gallery/publish';
import { GalleryError } from '../../src/lib/server/gallery/drafts';
import type { StaffActor } from '../../src/lib/server/auth/guard';
import { leaseActive } from '../../src/lib/server/backup/lease';
import { updatePatient } from '../../src/lib/server/patients/patients';
import { casePatient, publishedCase, uploadPhoto, type Live } from './backup-load';

const [dbFile, mediaDir, migrations] = process.argv.slice(2) as [string, string, string];
const db = openDatabase(dbFile, migrations);
const store = new LocalDiskStore(mediaDir);
const { clinic, user } = seedUser(db, 'clinician');
const live: Live = { db, store, actor: { user, clinicId: clinic.id } as StaffActor };
const worker = startWorker(db, backgroundJobs(db, store), {
	concurrency: 1,
	pollMs: 100,
	log: () => {}
});
const patients = [casePatient(live, 'Alex Load'), casePatient(live, 'Sam Load')];

const stats = {
	ops: 0,
	uploads: 0,
	deletes: 0,
	published: 0,
	withdrawn: 0,
	/** operations that began and ended while a backup held its lease */
	duringLease: 0,
	/** photo deletions whose files had to wait for a backup */
	deferredDeletes: 0
};
let stopping = false;
process.stdin.on('end', () => (stopping = true));
process.stdin.resume();

const pick = <T>(items: T[]): T | undefined => items[Math.floor(Math.random() * items.length)];
const livePhotos = () =>
	db.$client
		.prepare('select id, patient_id, session_id, status from photo where deleted_at is null')
		.all() as { id: string; patient_id: string; session_id: string; status: string }[];

async function publishOne() {
	const m = pick(patients)!;
	const ready = livePhotos().filter((p) => p.patient_id === m.patient.id && p.status === 'ready');
	const before = pick(ready.filter((p) => p.session_id === m.sessions[0].id));
	const after = pick(ready.filter((p) => p.session_id === m.sessions[1].id));
	if (before && after) {
		await publishedCase(live, m, before.id, after.id);
		stats.published++;
	}
}

/**
 * The quick requests: an upload every time, a photo deletion every third — and every time while
 * a backup holds its lease, since a deletion deferred by the lease is what the drill must see
 * (uploads now wait their turn at the image-work limiter, so every third alone could miss it).
 */
async function clinicLoop() {
	for (let i = 0; !stopping; i++) {
		const m = patients[i % 2];
		await counted(async () => {
			await uploadPhoto(live, m.patient, m.sessions[Math.floor(i / 2) % 2].id);
			worker.poke();
			stats.uploads++;
			if (i % 3 === 2 || leaseActive(db)) {
				const victim = pick(livePhotos().filter((p) => p.status === 'ready'));
				if (victim && (await deletePhoto(db, store, live.actor, victim.id))) {
					stats.deletes++;
					stats.deferredDeletes += leaseActive(db) ? 1 : 0;
				}
			}
		});
	}
}

/** The slow ones, beside them as a server would run them: publishing and withdrawing cases. */
async function galleryLoop() {
	for (let i = 0; !stopping; i++) {
		await counted(async () => {
			const shown = db
				.select({ id: galleryCase.id })
				.from(galleryCase)
				.where(eq(galleryCase.status, 'published'))
				.all();
			if (shown.length >= 2 || (shown.length > 0 && i % 2 === 1)) {
				await withdrawCase(db, store, live.actor, pick(shown)!.id);
				stats.withdrawn++;
			} else {
				await publishOne();
			}
		});
		await new Promise((r) => setTimeout(r, 100));
	}
}

/**
 * The front desk: small edits every few milliseconds, and one photo deletion per backup it sees.
 * A backup of this small clinic holds its lease for a few hundred milliseconds, shorter than one
 * upload through the image limiter, so without this loop whether any write began and ended inside
 * the lease (what the drill must see) was down to chance: 1 run in 3 saw none.
 */
async function deskLoop() {
	let deletedThisLease = false;
	for (let i = 0; !stopping; i++) {
		if (!leaseActive(db)) {
			deletedThisLease = false;
		} else {
			await counted(async () => {
				const m = patients[i % 2].patient;
				updatePatient(db, live.actor, m, {
					displayName: m.displayName,
					email: null,
					birthYear: 1980 + (i % 20),
					fitzpatrick: 3,
					concerns: []
				});
				if (!deletedThisLease) {
					deletedThisLease = true;
					const victim = pick(livePhotos().filter((p) => p.status === 'ready'));
					if (victim && (await deletePhoto(db, store, live.actor, victim.id))) {
						stats.deletes++;
						stats.deferredDeletes += leaseActive(db) ? 1 : 0;
					}
				}
			});
		}
		await new Promise((r) => setTimeout(r, 5));
	}
}

async function counted(op: () => Promise<void>) {
	const leasedBefore = leaseActive(db);
	try {
		await op();
	} catch (e) {
		// a photo deleted under a draft's feet is the app saying no, not a failure of the drill
		if (!(e instanceof GalleryError)) {
			throw e;
		}
	}
	stats.ops++;
	stats.duringLease += leasedBefore && leaseActive(db) ? 1 : 0;
	const ready = db.$client
		.prepare("select count(*) from photo where status = 'ready' and deleted_at is null")
		.pluck()
		.get() as number;
	process.stdout.write(JSON.stringify({ ...stats, ready }) + '\n');
}

try {
	await Promise.all([clinicLoop(), galleryLoop(), deskLoop()]);
	await worker.stop();
	db.$client.close();
} catch (e) {
	console.error(e);
	process.exit(1);
}
