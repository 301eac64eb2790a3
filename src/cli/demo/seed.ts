import { createHash } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { writeTx, type Db, type Tx } from '../../lib/server/db/client';
import { demoSignature } from './signatures';
import {
	clinic,
	consent,
	course,
	patient,
	photo,
	treatmentSession,
	user
} from '../../lib/server/db/schema';
import type { BlobStore } from '../../lib/server/storage/blob-store';
import { keys } from '../../lib/server/storage';
import { hashPassword } from '../../lib/server/auth/password';
import { newId } from '../../lib/server/platform/ids';
import { DEFAULT_CLINIC_SETTINGS } from '../../lib/domain/clinic-settings';
import { AREA_DEPTH_PRESETS } from '../../lib/domain/concerns';
import { demoGrade } from './grades';
import { STANDARD_VIEWS } from '../../lib/domain/views';
import { addDays, toIsoDate } from '../../lib/domain/schedule';
import { DEMO_PASSWORD, DEMO_PATIENTS, DEMO_STAFF, type DemoPatient } from './people';
import { renderPool } from './render-pool';
import { enqueue } from '../../lib/server/jobs/queue';
import { DERIVE_JOB } from '../../lib/server/photos/intake/ingest';
import { seedFrontDesk } from './front-desk';

export const DEMO_SLUG = 'demo';

export interface SeedOptions {
	today?: string;
	/** photo width in pixels; tests use small photos to seed fast */
	photoWidth?: number;
	log?: (line: string) => void;
}

/**
 * Seeds the demo clinic. Safe to re-run: an existing demo clinic is left as it is.
 * Photo files are written (durably) before the rows that point at them commit.
 */
export async function seedDemo(db: Db, store: BlobStore, options: SeedOptions = {}) {
	const existing = db.select().from(clinic).where(eq(clinic.slug, DEMO_SLUG)).get();
	if (existing) {
		return { created: false, clinicId: existing.id };
	}

	const today = options.today ?? toIsoDate(new Date());
	const width = options.photoWidth ?? 900;
	const log = options.log ?? (() => {});
	log(
		`Seeding the demo clinic: drawing ${DEMO_PATIENTS.length} patients' photos, session by session…`
	);
	const passwordHash = await hashPassword(DEMO_PASSWORD);

	const { clinicId, staff } = writeTx(db, (tx) => {
		const c = tx
			.insert(clinic)
			.values({
				slug: DEMO_SLUG,
				name: 'Demo Skin Clinic',
				settings: { ...DEFAULT_CLINIC_SETTINGS, bookingUrl: 'https://example.com/book' }
			})
			.returning()
			.get();
		const members = DEMO_STAFF.map((s) =>
			tx
				.insert(user)
				.values({ clinicId: c.id, passwordHash, ...s })
				.returning()
				.get()
		);
		return { clinicId: c.id, staff: members };
	});
	const clinician = staff.find((s) => s.role === 'clinician')!;

	const plans = DEMO_PATIENTS.map((p, index) => planSessions(p, today, index));
	// Every course is queued at once; threads draw them side by side (render-pool.ts) and this
	// thread stores each patient, in order, as soon as their photos are back.
	const pool = renderPool();
	try {
		const drawn = DEMO_PATIENTS.map((p, index) => {
			const progress = plans[index].map((_, n) =>
				plans[index].length === 1 ? 0 : (n / Math.max(1, p.plannedSessions - 1)) * 0.9
			);
			const job = pool.render({ index, width, progress });
			job.catch(() => {}); // awaited below, in order; a failure surfaces there
			return job;
		});
		for (const [index, p] of DEMO_PATIENTS.entries()) {
			const plan = plans[index];
			const sessions = await drawn[index];
			const photos: SeedPhoto[] = [];
			for (const [n, performedOn] of plan.entries()) {
				for (const [v, view] of STANDARD_VIEWS.entries()) {
					const bytes = sessions[n][v];
					const id = newId();
					await store.put(keys.original(id), bytes);
					photos.push({ id, n, view, performedOn, bytes, width });
				}
			}
			const signature = await demoSignature(p.name);
			writeTx(db, (tx) =>
				insertPatient(tx, {
					signature,
					clinicId,
					clinicianId: clinician.id,
					p,
					plan,
					photos,
					today,
					passwordHash
				})
			);
			log(`  ${p.name}: ${plan.length} of ${p.plannedSessions} sessions, ${photos.length} photos`);
		}
	} finally {
		await pool.close();
	}
	// phone numbers and calls already logged: the front desk's schedule (front-desk.ts)
	seedFrontDesk(db, clinicId, today);
	return { created: true, clinicId };
}

/** Session dates: one interval apart from the start, a little jitter, none in the future. */
function planSessions(p: DemoPatient, today: string, salt: number): string[] {
	const start = addDays(today, -p.startedWeeksAgo * 7);
	const dates: string[] = [];
	for (let k = 0; k < p.plannedSessions - (p.missed ?? 0); k++) {
		const jitter = k === 0 ? 0 : ((salt * 7 + k * 3) % 5) - 2;
		const date = addDays(start, k * p.intervalWeeks * 7 + jitter);
		if (date >= today) {
			break;
		}
		dates.push(date);
	}
	return dates;
}

interface SeedPhoto {
	id: string;
	n: number;
	view: string;
	performedOn: string;
	bytes: Buffer;
	width: number;
}

function insertPatient(
	tx: Tx,
	args: {
		/** the patient's drawn signature (a PNG data URL), on every consent they gave */
		signature: string;
		clinicId: string;
		clinicianId: string;
		p: DemoPatient;
		plan: string[];
		photos: SeedPhoto[];
		today: string;
		passwordHash: string;
	}
) {
	const { clinicId, clinicianId, p, plan, photos, today, passwordHash, signature } = args;
	const account = p.account
		? tx
				.insert(user)
				.values({ clinicId, email: p.account, name: p.name, role: 'patient', passwordHash })
				.returning()
				.get()
		: undefined;
	const pt = tx
		.insert(patient)
		.values({
			clinicId,
			userId: account?.id ?? null,
			displayName: p.name,
			email: p.account ?? null,
			birthYear: p.birthYear,
			fitzpatrick: p.fitzpatrick,
			concerns: [p.concern]
		})
		.returning()
		.get();

	const startedOn = plan[0] ?? addDays(today, -p.startedWeeksAgo * 7);
	const signedAt = new Date(`${addDays(startedOn, -1)}T10:00:00Z`);
	const grant = (scope: 'treatment' | 'photos_private' | 'gallery_public', version: string) =>
		tx
			.insert(consent)
			.values({
				clinicId,
				patientId: pt.id,
				scope,
				textVersion: version,
				signedName: p.name,
				signature,
				grantedAt: signedAt,
				recordedBy: clinicianId
			})
			.returning()
			.get();
	const revoke = (id: string, weeksAgo: number, reason: string) =>
		tx
			.update(consent)
			.set({
				revokedAt: new Date(`${addDays(today, -weeksAgo * 7)}T15:00:00Z`),
				revokedReason: reason,
				revokedBy: clinicianId
			})
			.where(eq(consent.id, id))
			.run();
	grant('treatment', 'treatment-2026-01');
	const photosConsent = grant('photos_private', 'photos-private-2026-01');
	if (p.photosConsentWithdrawn) {
		revoke(photosConsent.id, 2, 'Prefers no further photos');
	}
	if (p.galleryConsent) {
		const g = grant('gallery_public', 'gallery-public-2026-01');
		if (p.galleryConsent === 'withdrawn') {
			revoke(g.id, 3, 'No longer wants to be in the gallery');
		}
	}

	const c = tx
		.insert(course)
		.values({
			clinicId,
			patientId: pt.id,
			concern: p.concern,
			areas: p.areas,
			plannedSessions: p.plannedSessions,
			intervalWeeks: p.intervalWeeks,
			startedOn
		})
		.returning()
		.get();
	const sessionIds = plan.map((performedOn, n) => {
		const depth = Object.fromEntries(p.areas.map((a) => [a, AREA_DEPTH_PRESETS[a]]));
		return tx
			.insert(treatmentSession)
			.values({
				clinicId,
				courseId: c.id,
				performedOn,
				device: 'SkinPen Precision',
				needleDepthMm: depth,
				passes: 3,
				numbing: true,
				...demoGrade(p, n),
				// the latest session is left for the patient to rate, so the demo shows the question
				patientSelfRating: n === plan.length - 1 ? null : Math.min(10, 4 + n + (n > 0 ? 1 : 0)),
				patientNote: n === 1 ? 'Less redness afterwards than the first time.' : null,
				sideEffects: n === 0 ? 'Redness for two days' : 'Mild redness, settled overnight',
				notes: n === 0 ? 'Baseline photos taken before treatment.' : null
			})
			.returning({ id: treatmentSession.id })
			.get().id;
	});
	for (const ph of photos) {
		tx.insert(photo)
			.values({
				id: ph.id,
				clinicId,
				patientId: pt.id,
				sessionId: sessionIds[ph.n],
				view: ph.view as (typeof STANDARD_VIEWS)[number],
				role: ph.n === 0 ? 'before' : ph.n === plan.length - 1 ? 'after' : null,
				takenOn: ph.performedOn,
				status: 'processing',
				width: ph.width,
				height: Math.round((ph.width * 4) / 3),
				sha256: createHash('sha256').update(ph.bytes).digest('hex'),
				originalKey: keys.original(ph.id),
				originalType: 'image/jpeg',
				originalBytes: ph.bytes.byteLength,
				uploadedBy: clinicianId
			})
			.run();
		// Derivatives come from the same pipeline as a real upload.
		enqueue(tx, DERIVE_JOB, { photoId: ph.id });
	}
}
