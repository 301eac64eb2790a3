import { and, eq, not } from 'drizzle-orm';
import { backupHold } from '../backup/lease';
import { writeTx, type Db, type Tx } from '../db/client';
import { galleryCase, galleryImage, photo, type GalleryCase } from '../db/schema';
import type { StaffActor } from '../auth/guard';
import type { BlobStore } from '../storage/blob-store';
import { newId } from '../platform/ids';
import { audit } from '../audit/audit';
import { hasActiveConsent } from '../consents/consents';
import { clinicCase, GalleryError, NO_GALLERY_CONSENT } from './drafts';
import { RedactionError, renderCaseImages } from './render';
import { imageRow } from './image-rows';
import { photoSource } from './sources';
import { pairAlignment } from './alignment';
import { AVIF_JOB, avifPayload } from './avif-job';
import { enqueue } from '../jobs/queue';
import { imageWork } from '../photos/pipeline/image-work';
import { galleryConsentActive } from './public';
import { takeDownCases } from './take-down';
import { deleteFiles } from '../storage/delete-files';
import { NO_REDACTION, type CaseRedactions } from '../../domain/redaction';
import { APP_VERSION, provenanceBody } from './provenance';
import type { ProvenanceOverride } from '../../domain/provenance';
import { getClinic } from '../clinic/clinic';
import { currentStamp, sameStamp, stampInput } from './stamp';
import { queueRestamp } from './restamp-job';

export interface PublishOptions {
	/** warnings staff chose to publish over, each with its reason, for the provenance record */
	overrides?: ProvenanceOverride[];
	/**
	 * The draft's redactions as the publish checks saw them: a save in between (another tab)
	 * would publish masks nobody checked, so publishing then stops with a 409.
	 */
	checkedRedactions?: unknown;
}

const CHANGED_MEANWHILE =
	'The draft was changed while it was being published. Look at it again, then publish.';
const sameRedactions = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/**
 * Renders the redacted public images in WebP (aligned to the before when the alignment job
 * found the pair aligned), stores them under fresh unguessable tokens, then in one transaction
 * checks the consent again, makes the case public and queues the AVIF renditions
 * (avif-job.ts). If anything fails after the files were written, they are deleted; if the
 * process dies, the sweep finds them.
 */
export async function publishCase(
	db: Db,
	store: BlobStore,
	actor: StaffActor,
	caseId: string,
	options: PublishOptions = {}
): Promise<GalleryCase> {
	const draft = clinicCase(db, actor, caseId);
	if (draft.status !== 'draft') {
		throw new GalleryError(409, 'This case is not a draft.');
	}
	const checked = 'checkedRedactions' in options ? options.checkedRedactions : draft.redactions;
	if (!sameRedactions(draft.redactions, checked)) {
		throw new GalleryError(409, CHANGED_MEANWHILE);
	}
	if (!hasActiveConsent(db, draft.patientId, 'gallery_public')) {
		throw new GalleryError(403, NO_GALLERY_CONSENT);
	}
	const redactions = { ...NO_REDACTION, ...(draft.redactions as Partial<CaseRedactions>) };
	const before = photoSource(db, store, draft.beforePhotoId, redactions.before);
	const after = photoSource(db, store, draft.afterPhotoId, redactions.after);
	// read once: the AVIF job renders from what the record says, not from rows that may change
	const align = pairAlignment(db, draft.beforePhotoId, draft.afterPhotoId);
	const stamp = clinicStamp(db, draft.clinicId);
	const watermark = await stampInput(store, stamp);
	// WebP and the card only: AVIF effort 4 was most of the 9–13 s a publish took (avif-job.ts)
	const images = await imageWork(actor.user.id, () =>
		renderCaseImages(before, after, { align, formats: ['webp'], og: true, watermark })
	).catch((error: unknown) => {
		// crops of different shapes: the clinician can fix that in the editor
		if (error instanceof RedactionError) {
			throw new GalleryError(400, error.message);
		}
		// a photo deleted while the render waited its turn: its original is gone, say so
		photoSource(db, store, draft.beforePhotoId, redactions.before);
		photoSource(db, store, draft.afterPhotoId, redactions.after);
		throw error;
	});
	const tokens = { before: newId(), after: newId(), asTaken: newId(), og: newId() };
	const rows = images.map((img) => imageRow(draft, tokens[img.which], img));
	try {
		for (const [i, img] of images.entries()) {
			await store.put(rows[i].key, img.data);
		}
		return writeTx(db, (tx) => {
			const now = clinicCase(tx, actor, caseId);
			if (now.status !== 'draft') {
				throw new GalleryError(409, 'This case is not a draft.');
			}
			// the images were rendered from what was read (and checked) before: still the same?
			if (!sameRedactions(now.redactions, checked)) {
				throw new GalleryError(409, CHANGED_MEANWHILE);
			}
			if (!hasActiveConsent(tx, now.patientId, 'gallery_public')) {
				throw new GalleryError(403, NO_GALLERY_CONSENT);
			}
			tx.insert(galleryImage).values(rows).run();
			const publishedAt = new Date();
			// written with the status: a public case always has its record, and a failure
			// here leaves the draft a draft
			const beforePhoto = casePhoto(tx, now.beforePhotoId);
			const afterPhoto = casePhoto(tx, now.afterPhotoId);
			const asTaken = { photo: afterPhoto, redaction: redactions.after };
			const provenance = provenanceBody({
				appVersion: APP_VERSION,
				publishedAt,
				before: { photo: beforePhoto, redaction: redactions.before },
				after: align
					? {
							photo: afterPhoto,
							align: { to: 'before', ...align },
							// its own masks, then the before's crop in the before's pixel grid
							redaction: { masks: redactions.after.masks, crop: redactions.before.crop },
							frame: beforePhoto
						}
					: asTaken,
				outputs: images,
				afterAsTaken: align ? { source: asTaken, token: tokens.asTaken } : undefined,
				overrides: options.overrides,
				watermark: stamp
			});
			enqueue(tx, AVIF_JOB, avifPayload(now.id, rows));
			if (!sameStamp(stamp, clinicStamp(tx, now.clinicId))) {
				// the owner changed the watermark while this rendered: its re-render takes this too
				queueRestamp(tx, now.clinicId);
			}
			audit(tx, {
				clinicId: now.clinicId,
				actorUserId: actor.user.id,
				action: 'gallery_publish',
				targetType: 'gallery_case',
				targetId: now.id,
				ok: true
			});
			if (options.overrides?.length) {
				// with the publication it excuses, in the same commit
				audit(tx, {
					clinicId: now.clinicId,
					actorUserId: actor.user.id,
					action: 'gallery_publish_override',
					targetType: 'gallery_case',
					targetId: now.id,
					detail: options.overrides.map((o) => `${o.kind}: ${o.reason}`).join(' · '),
					ok: true
				});
			}
			return tx
				.update(galleryCase)
				.set({ status: 'published', publishedAt, withdrawnAt: null, provenance })
				.where(eq(galleryCase.id, now.id))
				.returning()
				.get();
		});
	} catch (error) {
		await deleteFiles(
			store,
			rows.map((r) => r.key),
			backupHold(db)
		);
		throw error;
	}
}

function clinicStamp(db: Pick<Db, 'select'>, clinicId: string) {
	const c = getClinic(db as Db, clinicId);
	if (!c) {
		throw new GalleryError(404, 'Not found');
	}
	return currentStamp(c);
}

function casePhoto(tx: Tx, photoId: string) {
	const p = tx.select().from(photo).where(eq(photo.id, photoId)).get();
	if (!p || p.deletedAt) {
		throw new GalleryError(409, 'One of the photos has been deleted.');
	}
	return p;
}

/** Staff take a published case down (or discard a draft); its public files go at once. */
export async function withdrawCase(
	db: Db,
	store: BlobStore,
	actor: StaffActor,
	caseId: string
): Promise<void> {
	const files = writeTx(db, (tx) => {
		const row = clinicCase(tx, actor, caseId);
		if (row.status === 'withdrawn') {
			return [];
		}
		let files: string[] = [];
		if (row.status === 'published') {
			files = takeDownCases(tx, [row.id]);
		} else {
			tx.update(galleryCase)
				.set({ status: 'withdrawn', withdrawnAt: new Date() })
				.where(eq(galleryCase.id, row.id))
				.run();
		}
		audit(tx, {
			clinicId: row.clinicId,
			actorUserId: actor.user.id,
			action: 'gallery_withdraw',
			targetType: 'gallery_case',
			targetId: row.id,
			detail: row.status === 'draft' ? 'draft discarded' : 'withdrawn by staff',
			ok: true
		});
		return files;
	});
	await deleteFiles(store, files, backupHold(db));
}

/**
 * Cases whose gallery consent lapsed by its expiry date: the public queries hide them at once;
 * this takes them down properly and deletes their files (run with the hourly sweep).
 */
export async function withdrawLapsedCases(db: Db, store: BlobStore, now = new Date()) {
	const { ids, files } = writeTx(db, (tx) => {
		const ids = tx
			.select({ id: galleryCase.id, clinicId: galleryCase.clinicId })
			.from(galleryCase)
			.where(and(eq(galleryCase.status, 'published'), not(galleryConsentActive(now))))
			.all();
		const files = takeDownCases(
			tx,
			ids.map((r) => r.id),
			now
		);
		for (const r of ids) {
			audit(tx, {
				clinicId: r.clinicId,
				actorUserId: null,
				action: 'gallery_withdraw',
				targetType: 'gallery_case',
				targetId: r.id,
				detail: 'gallery consent expired',
				ok: true
			});
		}
		return { ids, files };
	});
	await deleteFiles(store, files, backupHold(db));
	return ids.length;
}
