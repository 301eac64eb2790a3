import { and, eq, sql } from 'drizzle-orm';
import { writeTx, type Db, type Tx } from '../db/client';
import { galleryCase, galleryImage, job } from '../db/schema';
import type { BlobStore } from '../storage/blob-store';
import { IMAGE_LANE, type JobHandlers } from '../jobs/handlers';
import { enqueue } from '../jobs/queue';
import { deleteFiles } from '../storage/delete-files';
import { backupHold } from '../backup/lease';
import { newId } from '../platform/ids';
import { imageWork } from '../photos/pipeline/image-work';
import { hasActiveConsent } from '../consents/consents';
import { getClinic } from '../clinic/clinic';
import { NO_REDACTION, type CaseRedactions } from '../../domain/redaction';
import type { AlignOperation } from '../../domain/provenance';
import { renderCaseImages } from './render';
import { imageRow } from './image-rows';
import { caseProvenanceBody, withWatermark } from './provenance';
import { photoSource } from './sources';
import { AVIF_JOB, avifPayload } from './avif-job';
import { currentStamp, recordedStamp, sameStamp, stampInput, type Stamp } from './stamp';

/**
 * A changed watermark (on, off, elsewhere, another logo or name) re-renders the clinic's
 * published cases with the new one, under new tokens: the old URLs answer 404, as after a
 * re-publish, and no cache keeps serving the old mark. Queued with the change.
 */
export const RESTAMP_JOB = 'gallery.restamp';

export interface RestampPayload {
	clinicId: string;
}

/**
 * In the caller's transaction. One pending job per clinic is enough: it reads the settings
 * afresh for every case, so a second change before it starts is done by the same run.
 */
export function queueRestamp(tx: Tx, clinicId: string): void {
	const pending = tx
		.select({ id: job.id })
		.from(job)
		.where(
			and(
				eq(job.kind, RESTAMP_JOB),
				eq(job.status, 'pending'),
				sql`json_extract(${job.payload}, '$.clinicId') = ${clinicId}`
			)
		)
		.get();
	if (!pending) {
		enqueue(tx, RESTAMP_JOB, { clinicId } satisfies RestampPayload);
	}
}

/** The clinic's published cases whose images carry another mark than its settings draw now. */
export function casesAwaitingStamp(db: Pick<Db, 'select'>, clinicId: string): string[] {
	const c = getClinic(db as Db, clinicId);
	if (!c) {
		return [];
	}
	const stamp = currentStamp(c);
	return db
		.select()
		.from(galleryCase)
		.where(and(eq(galleryCase.clinicId, clinicId), eq(galleryCase.status, 'published')))
		.all()
		.filter((row) => !sameStamp(recordedStamp(caseProvenanceBody(db as Db, row)), stamp))
		.map((row) => row.id);
}

/** Queues the re-render when a change of settings, name or logo left cases outdated. */
export function queueRestampIfNeeded(tx: Tx, clinicId: string): void {
	if (casesAwaitingStamp(tx, clinicId).length > 0) {
		queueRestamp(tx, clinicId);
	}
}

/** Case by case, each swap atomic; returns how many cases were re-rendered. */
export async function restampClinic(
	db: Db,
	store: BlobStore,
	payload: RestampPayload
): Promise<number> {
	let done = 0;
	for (const caseId of casesAwaitingStamp(db, payload.clinicId)) {
		if (await restampCase(db, store, caseId)) {
			done++;
		}
	}
	return done;
}

/**
 * Renders the case again exactly as its record says, with the clinic's current mark, writes
 * the files under new tokens, then in one transaction (if the case is still this publication,
 * still consented and the mark still current) swaps the image rows and the record and queues
 * the AVIF renditions. The old files are deleted after the commit; the new ones if it did not
 * happen. A case the settings changed under again is left to the job that change queued.
 */
export async function restampCase(db: Db, store: BlobStore, caseId: string): Promise<boolean> {
	const row = db.select().from(galleryCase).where(eq(galleryCase.id, caseId)).get();
	const c = row ? getClinic(db, row.clinicId) : undefined;
	if (!row || !c || row.status !== 'published') {
		return false;
	}
	const stamp = currentStamp(c);
	const body = caseProvenanceBody(db, row);
	if (sameStamp(recordedStamp(body), stamp)) {
		return false;
	}
	const oldTokens = imageTokens(db, row.id);
	const align = body.operations.after.find((o): o is AlignOperation => o.op === 'align') ?? null;
	const redactions = { ...NO_REDACTION, ...(row.redactions as Partial<CaseRedactions>) };
	const before = photoSource(db, store, row.beforePhotoId, redactions.before);
	const after = photoSource(db, store, row.afterPhotoId, redactions.after);
	const watermark = await stampInput(store, stamp);
	const images = await imageWork(RESTAMP_JOB, () =>
		renderCaseImages(before, after, { align, formats: ['webp'], og: true, watermark })
	);
	const tokens = { before: newId(), after: newId(), asTaken: newId(), og: newId() };
	const rows = images.map((img) => imageRow(row, tokens[img.which], img));
	let replaced: string[] | null = null;
	try {
		for (const [i, img] of images.entries()) {
			await store.put(rows[i].key, img.data);
		}
		replaced = writeTx(db, (tx) => swap(tx, { caseId, oldTokens, stamp, rows, body, tokens }));
	} finally {
		await deleteFiles(store, replaced ?? rows.map((r) => r.key), backupHold(db));
	}
	return replaced !== null;
}

interface Swap {
	caseId: string;
	oldTokens: string[];
	stamp: Stamp | null;
	rows: ReturnType<typeof imageRow>[];
	body: ReturnType<typeof caseProvenanceBody>;
	tokens: { asTaken: string };
}

/** The old files' keys once the case shows the new ones; null when it was left as it was. */
function swap(tx: Tx, s: Swap): string[] | null {
	const now = tx.select().from(galleryCase).where(eq(galleryCase.id, s.caseId)).get();
	const c = now ? getClinic(tx as unknown as Db, now.clinicId) : undefined;
	if (
		!now ||
		!c ||
		now.status !== 'published' ||
		// withdrawn and re-published meanwhile: not the publication that was rendered
		!sameSet(imageTokens(tx, now.id), s.oldTokens) ||
		!sameStamp(currentStamp(c), s.stamp) ||
		!hasActiveConsent(tx, now.patientId, 'gallery_public')
	) {
		return null;
	}
	// with the AVIF files its job may have added since the render began
	const oldKeys = tx
		.select({ key: galleryImage.key })
		.from(galleryImage)
		.where(eq(galleryImage.caseId, now.id))
		.all()
		.map((r) => r.key);
	tx.delete(galleryImage).where(eq(galleryImage.caseId, now.id)).run();
	tx.insert(galleryImage).values(s.rows).run();
	const asTaken = s.body.afterAsTaken ? s.tokens.asTaken : undefined;
	tx.update(galleryCase)
		.set({ provenance: withWatermark(s.body, s.stamp, ['webp'], asTaken) })
		.where(eq(galleryCase.id, now.id))
		.run();
	enqueue(tx, AVIF_JOB, avifPayload(now.id, s.rows));
	return oldKeys;
}

function imageTokens(db: Pick<Db, 'select'>, caseId: string): string[] {
	const rows = db
		.select({ token: galleryImage.token })
		.from(galleryImage)
		.where(eq(galleryImage.caseId, caseId))
		.all();
	return [...new Set(rows.map((r) => r.token))];
}

const sameSet = (a: string[], b: string[]) =>
	a.length === b.length && [...a].sort().join(' ') === [...b].sort().join(' ');

export function restampJobs(db: Db, store: BlobStore): JobHandlers {
	return {
		[RESTAMP_JOB]: {
			run: (payload) => restampClinic(db, store, payload as RestampPayload),
			lane: IMAGE_LANE
		}
	};
}
