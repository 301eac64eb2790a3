import { and, eq, inArray } from 'drizzle-orm';
import { writeTx, type Db } from '../db/client';
import { galleryCase, galleryImage } from '../db/schema';
import type { BlobStore } from '../storage/blob-store';
import { IMAGE_LANE, type JobHandlers } from '../jobs/handlers';
import { keys } from '../storage';
import { deleteFiles } from '../storage/delete-files';
import { backupHold } from '../backup/lease';
import { imageWork } from '../photos/pipeline/image-work';
import { NO_REDACTION, type CaseRedactions } from '../../domain/redaction';
import type { AlignOperation, ProvenanceBody } from '../../domain/provenance';
import { renderCaseImages, type Rendition } from './render';
import { sha256Hex, withEncodedFormat } from './provenance';
import { GalleryError } from './drafts';
import { photoSource } from './sources';
import { recordedStamp, stampInput, StampOutdated } from './stamp';

/**
 * Publishing answers with WebP (and the card); the AVIF files, 20–40 % smaller but several
 * times slower to encode, are added by this job under the same tokens and widths. Until then
 * the page offers only the WebP that exists.
 */
export const AVIF_JOB = 'gallery.avif';

export interface AvifPayload {
	caseId: string;
	/** the tokens of this publication's images: a re-published case has new ones */
	tokens: string[];
}

export function avifPayload(caseId: string, rows: { token: string; which: string }[]): AvifPayload {
	return { caseId, tokens: [...new Set(rows.filter((r) => r.which !== 'og').map((r) => r.token))] };
}

type Outcome = 'added' | 'already there' | 'not public' | 'watermark outdated';

/**
 * Renders the case's images again from the originals exactly as the record says (the same
 * redactions and the recorded alignment, never a newer one) and adds the AVIF files that are
 * missing. Safe when the case was withdrawn or re-published meanwhile: that is checked in the
 * write transaction, and files written for a case that is gone are deleted (nothing outlives a
 * take-down). A retry adds only what is still missing.
 *
 * The provenance record stays truthful: at publish its encode steps list WebP only, and the
 * transaction that adds the AVIF rows adds AVIF to them. The record is signed when it is
 * served, from the rows of that moment, so its files and their hashes always match.
 *
 * Not audited: like a photo's derivatives, it is a consequence of the audited publish, done
 * by no one.
 */
export async function addAvifRenditions(
	db: Db,
	store: BlobStore,
	payload: AvifPayload
): Promise<Outcome> {
	const found = publication(db, payload);
	if (!found) {
		return 'not public';
	}
	const { row, webp, avif } = found;
	const has = (token: string, width: number) =>
		avif.some((i) => i.token === token && i.width === width);
	const missing = webp.filter((i) => !has(i.token, i.width));
	if (missing.length === 0) {
		return 'already there';
	}
	const body = row.provenance as ProvenanceBody;
	const asTakenToken = body.afterAsTaken?.token;
	const tokenOf: Record<Rendition, string | undefined> = {
		before: webp.find((i) => i.which === 'before')?.token,
		after: webp.find((i) => i.which === 'after' && i.token !== asTakenToken)?.token,
		asTaken: asTakenToken
	};
	const align = body.operations.after.find((o): o is AlignOperation => o.op === 'align') ?? null;
	const redactions = { ...NO_REDACTION, ...(row.redactions as Partial<CaseRedactions>) };
	const before = photoSource(db, store, row.beforePhotoId, redactions.before);
	const after = photoSource(db, store, row.afterPhotoId, redactions.after);
	let watermark;
	try {
		// the mark the record names, as the WebP files carry it
		watermark = await stampInput(store, recordedStamp(body));
	} catch (e) {
		// the logo was replaced: the re-render job (restamp-job.ts) publishes this case anew
		if (e instanceof StampOutdated) {
			return 'watermark outdated';
		}
		throw e;
	}
	const images = await imageWork(AVIF_JOB, () =>
		renderCaseImages(before, after, { align, formats: ['avif'], og: false, watermark })
	);
	const rows: (typeof galleryImage.$inferInsert)[] = [];
	for (const img of images) {
		const token = tokenOf[img.which as Rendition];
		const twin = missing.find((i) => i.token === token && i.width === img.width);
		if (!token || !twin) {
			continue;
		}
		if (twin.height !== img.height) {
			// the same inputs must give the same frame: anything else is not what was published
			throw new Error(`The AVIF render of case ${row.id} does not match its WebP frame.`);
		}
		const key = keys.publicImage(token, img.width, 'avif');
		await store.put(key, img.data);
		rows.push({
			...twin,
			format: 'avif' as const,
			bytes: img.data.length,
			key,
			sha256: sha256Hex(img.data)
		});
	}
	const added = writeTx(db, (tx) => {
		// withdrawn, re-published or erased while we rendered: the files go, nothing is added
		const now = publication(tx, payload);
		if (!now) {
			return false;
		}
		tx.insert(galleryImage).values(rows).onConflictDoNothing().run();
		const record = now.row.provenance as ProvenanceBody;
		tx.update(galleryCase)
			.set({ provenance: withEncodedFormat(record, 'avif') })
			.where(eq(galleryCase.id, now.row.id))
			.run();
		return true;
	});
	if (!added) {
		await deleteFiles(
			store,
			rows.map((r) => r.key),
			backupHold(db)
		);
		return 'not public';
	}
	return 'added';
}

/** The case while this publication of it is public: its row and its WebP and AVIF image rows. */
function publication(db: Pick<Db, 'select'>, payload: AvifPayload) {
	const row = db.select().from(galleryCase).where(eq(galleryCase.id, payload.caseId)).get();
	if (!row || row.status !== 'published' || !row.provenance || payload.tokens.length === 0) {
		return null;
	}
	const images = db
		.select()
		.from(galleryImage)
		.where(and(eq(galleryImage.caseId, row.id), inArray(galleryImage.token, payload.tokens)))
		.all();
	const webp = images.filter((i) => i.format === 'webp');
	// every token of the payload still has its WebP files: the same publication
	if (payload.tokens.some((t) => !webp.some((i) => i.token === t))) {
		return null;
	}
	return { row, webp, avif: images.filter((i) => i.format === 'avif') };
}

/** The gallery's work for the job worker. */
export function galleryJobs(db: Db, store: BlobStore): JobHandlers {
	return {
		[AVIF_JOB]: {
			run: (payload) => addAvifRenditions(db, store, payload as AvifPayload),
			// a photo deleted since publish: the case keeps its WebP, a retry cannot mend that
			permanent: (error) => error instanceof GalleryError,
			lane: IMAGE_LANE
		}
	};
}
