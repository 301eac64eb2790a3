// A live clinic for backup tests and the drill's writer process: real uploads through the
// upload path, the photo pipeline, gallery publishing and the real deletions.
import sharp from 'sharp';
import { writeTx, type Db } from '../../src/lib/server/db/client';
import {
	consent,
	course,
	patient,
	treatmentSession,
	type Patient
} from '../../src/lib/server/db/schema';
import type { BlobStore } from '../../src/lib/server/storage/blob-store';
import type { StaffActor } from '../../src/lib/server/auth/guard';
import { handlePhotoUpload } from '../../src/lib/server/photos/intake/upload-request';
import { processPhoto } from '../../src/lib/server/photos/pipeline/process';
import { uploadRequest } from './photo-clinic';
import { createDraft } from '../../src/lib/server/gallery/drafts';
import { publishCase } from '../../src/lib/server/gallery/publish';

export interface Live {
	db: Db;
	store: BlobStore;
	actor: StaffActor;
}

export interface CasePatient {
	patient: Patient;
	courseId: string;
	/** first and last session of the course, a few months apart */
	sessions: [{ id: string; on: string }, { id: string; on: string }];
}

/** A JPEG of noise over a random colour: every call gives different bytes. */
export function noisePhoto(width = 360, height = 480): Promise<Buffer> {
	const channel = () => Math.floor(Math.random() * 256);
	return sharp({
		create: {
			width,
			height,
			channels: 3,
			background: { r: channel(), g: channel(), b: channel() },
			noise: { type: 'gaussian', mean: 128, sigma: 6 }
		}
	})
		.jpeg({ quality: 80 })
		.toBuffer();
}

/** A patient with photo and gallery consent and a course of two sessions. */
export function casePatient(live: Live, name = 'Pat Load'): CasePatient {
	return writeTx(live.db, (tx) => {
		const p = tx
			.insert(patient)
			.values({ clinicId: live.actor.clinicId, displayName: name, fitzpatrick: 3 })
			.returning()
			.get();
		for (const scope of ['photos_private', 'gallery_public'] as const) {
			tx.insert(consent)
				.values({
					clinicId: live.actor.clinicId,
					patientId: p.id,
					scope,
					textVersion: 'v1',
					signedName: name,
					grantedAt: new Date(Date.now() - 1000),
					recordedBy: live.actor.user.id
				})
				.run();
		}
		const co = tx
			.insert(course)
			.values({
				clinicId: live.actor.clinicId,
				patientId: p.id,
				concern: 'acne_scars',
				areas: ['cheeks'],
				plannedSessions: 3,
				intervalWeeks: 6,
				startedOn: '2026-01-05'
			})
			.returning()
			.get();
		const sessions = ['2026-01-05', '2026-04-13'].map((on) => ({
			id: tx
				.insert(treatmentSession)
				.values({ clinicId: live.actor.clinicId, courseId: co.id, performedOn: on })
				.returning()
				.get().id,
			on
		}));
		return { patient: p, courseId: co.id, sessions: sessions as CasePatient['sessions'] };
	});
}

/** One photo through the real upload path; it is `processing` until the pipeline runs. */
export async function uploadPhoto(
	live: Live,
	p: Patient,
	sessionId: string,
	view = 'front'
): Promise<string> {
	const out = await handlePhotoUpload(
		live.db,
		live.store,
		live.actor,
		p,
		uploadRequest([{ name: 'photo.jpg', bytes: await noisePhoto() }], { view, sessionId })
	);
	const id = out.files[0]?.id;
	if (out.status !== 201 || !id) {
		throw new Error(`upload refused: ${out.status} ${out.message ?? out.files[0]?.message}`);
	}
	return id;
}

/** Uploads a photo and runs the pipeline on it at once (for setups without a worker). */
export async function readyPhoto(live: Live, p: Patient, sessionId: string, view = 'front') {
	const id = await uploadPhoto(live, p, sessionId, view);
	await processPhoto(live.db, live.store, id);
	return id;
}

/** A published gallery case from two ready photos of the patient's course. */
export async function publishedCase(live: Live, m: CasePatient, before: string, after: string) {
	const draft = createDraft(live.db, live.actor, {
		courseId: m.courseId,
		beforePhotoId: before,
		afterPhotoId: after
	});
	return publishCase(live.db, live.store, live.actor, draft.id);
}
