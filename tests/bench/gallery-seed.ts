// A clinic whose gallery looks like a busy one: the demo clinic with 24 cases published through
// the real pipeline (real, redacted images on disk), behind them 10,000 older published cases
// (rows with image rows; their files are not needed to time the HTML).
import { and, asc, eq, inArray } from 'drizzle-orm';
import { writeTx, type Db } from '../../src/lib/server/db/client';
import {
	clinic,
	consent,
	course,
	galleryCase,
	galleryImage,
	patient,
	photo,
	user
} from '../../src/lib/server/db/schema';
import type { BlobStore } from '../../src/lib/server/storage/blob-store';
import { seedDemo } from '../../src/cli/demo/seed';
import { DEMO_REDACTIONS } from '../../src/cli/demo/gallery';
import { photoSubject } from '../../src/cli/demo/people';
import { startWorker } from '../../src/lib/server/jobs/worker';
import { backgroundJobs } from '../../src/lib/server/platform/background-jobs';
import { hasActiveConsent } from '../../src/lib/server/consents/consents';
import { createDraft } from '../../src/lib/server/gallery/drafts';
import { publishCase } from '../../src/lib/server/gallery/publish';
import type { StaffActor } from '../../src/lib/server/auth/guard';
import { newId } from '../../src/lib/server/platform/ids';
import { AREAS, CONCERNS } from '../../src/lib/domain/concerns';
import { STANDARD_VIEWS } from '../../src/lib/domain/views';

export async function seedBusyGallery(db: Db, store: BlobStore, realCases = 24, extra = 10_000) {
	await seedDemo(db, store);
	const worker = startWorker(db, backgroundJobs(db, store));
	await worker.idle();
	await worker.stop();
	const c = db.select().from(clinic).where(eq(clinic.slug, 'demo')).get()!;
	const clinician = db.select().from(user).where(eq(user.email, 'clinician@demo.test')).get()!;
	const actor = { user: clinician, clinicId: c.id } as StaffActor;

	const t0 = performance.now();
	const published: string[] = [];
	const consenting = db
		.select()
		.from(patient)
		.where(eq(patient.clinicId, c.id))
		.all()
		.filter((p) => hasActiveConsent(db, p.id, 'gallery_public'));
	outer: for (const view of STANDARD_VIEWS) {
		for (const p of consenting) {
			const co = db.select().from(course).where(eq(course.patientId, p.id)).get();
			const photos = db
				.select()
				.from(photo)
				.where(and(eq(photo.patientId, p.id), eq(photo.view, view), eq(photo.status, 'ready')))
				.orderBy(asc(photo.takenOn))
				.all();
			if (!co || photos.length < 2) {
				continue;
			}
			const draft = createDraft(db, actor, {
				courseId: co.id,
				beforePhotoId: photos[0].id,
				afterPhotoId: photos.at(-1)!.id
			});
			// redacted as the demo publishes its own cases (close-ups: the 4:5 crop, no bar), so the
			// benched page shows what a prospect sees
			const redactions = DEMO_REDACTIONS[photoSubject({ areas: [draft.area] })];
			db.update(galleryCase).set({ redactions }).where(eq(galleryCase.id, draft.id)).run();
			await publishCase(db, store, actor, draft.id);
			published.push(draft.id);
			if (published.length === realCases) {
				break outer;
			}
		}
	}
	const publishMs = (performance.now() - t0) / published.length;
	// publish answers with WebP; the AVIF files its jobs add are what prospects get after that
	const t1 = performance.now();
	const avif = startWorker(db, backgroundJobs(db, store));
	await avif.idle();
	await avif.stop();
	const avifMs = (performance.now() - t1) / published.length;
	addSyntheticCases(db, c.id, clinician.id, published[0], extra);
	return {
		clinicId: c.id,
		published,
		publishMsPerCase: Math.round(publishMs),
		avifJobMsPerCase: Math.round(avifMs)
	};
}

/** Older published cases, 5 per synthetic patient, each with its own consent and image rows. */
function addSyntheticCases(db: Db, clinicId: string, staffId: string, template: string, n: number) {
	const model = db.select().from(galleryCase).where(eq(galleryCase.id, template)).get()!;
	const images = db
		.select()
		.from(galleryImage)
		.where(inArray(galleryImage.caseId, [template]))
		.all();
	const longAgo = new Date('2025-01-01').getTime();
	writeTx(db, (tx) => {
		let p: { id: string } | undefined;
		for (let i = 0; i < n; i++) {
			if (i % 5 === 0) {
				p = tx
					.insert(patient)
					.values({ clinicId, displayName: `Bench ${i}` })
					.returning({ id: patient.id })
					.get();
				tx.insert(consent)
					.values({
						clinicId,
						patientId: p.id,
						scope: 'gallery_public',
						textVersion: 'v1',
						signedName: 'Bench',
						grantedAt: new Date(longAgo),
						recordedBy: staffId
					})
					.run();
			}
			const id = newId();
			tx.insert(galleryCase)
				.values({
					...model,
					id,
					patientId: p!.id,
					concern: CONCERNS[i % CONCERNS.length],
					area: AREAS[i % AREAS.length],
					fitzpatrick: (i % 6) + 1,
					sessionsCount: (i % 6) + 1,
					publishedAt: new Date(longAgo + i * 60_000)
				})
				.run();
			// a fresh token for each of the template's: an aligned case has two 'after' sets (aligned
			// and as taken) under different tokens
			const tokens = new Map<string, string>();
			const tokenFor = (old: string) => tokens.get(old) ?? tokens.set(old, newId()).get(old)!;
			tx.insert(galleryImage)
				.values(
					images.map((img) => ({
						...img,
						caseId: id,
						token: tokenFor(img.token),
						key: `public/bench/${tokenFor(img.token)}/${img.width}.${img.format}`
					}))
				)
				.run();
		}
	});
}
