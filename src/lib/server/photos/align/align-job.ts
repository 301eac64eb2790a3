// The photo job's second step: each ready photo is aligned to its course's baseline of the same
// view (group.ts) and the result stored in photo_alignment, beside the untouched original.
import { and, eq, inArray, isNull, ne, notExists, sql } from 'drizzle-orm';
import { writeTx, type Db, type Tx } from '../../db/client';
import { job, photo, photoAlignment, type Photo } from '../../db/schema';
import type { BlobStore } from '../../storage/blob-store';
import { enqueue } from '../../jobs/queue';
import type { SourceType } from '../pipeline/decode';
import { alignPhoto, AlignError, type AlignResult, type PhotoView } from './align';
import { alignmentGroup } from './group';

export const ALIGN_JOB = 'photo.align';

export type AlignOutcome = 'baseline' | 'aligned' | 'unsure' | 'failed' | 'skipped';

type Row = typeof photoAlignment.$inferInsert;

/**
 * Aligns one photo to its group's baseline, or records it as the baseline. Nothing is done when
 * the stored row already answers for the current baseline, so a job queued twice (a change in
 * the group queues all its photos) costs one query. When a photo becomes its group's baseline,
 * the others are queued again, to be aligned to it.
 */
export async function alignStoredPhoto(
	db: Db,
	store: BlobStore,
	photoId: string,
	now = () => new Date()
): Promise<AlignOutcome> {
	const subject = liveReady(db, photoId);
	if (!subject) {
		return 'skipped';
	}
	const baseline = alignmentGroup(db, subject)[0];
	const stored = db.select().from(photoAlignment).where(eq(photoAlignment.photoId, photoId)).get();
	const isBaseline = baseline.id === subject.id;
	if (stored && (isBaseline ? stored.status === 'baseline' : stored.baselineId === baseline.id)) {
		return 'skipped';
	}
	const ref = (p: Photo) => {
		const path = store.localPath(p.originalKey);
		if (!path) {
			throw new Error('Photo alignment needs a local file store.');
		}
		return { path, type: p.originalType as SourceType };
	};
	// The baseline is measured against itself: that gives its face and its sharpness.
	const result = await alignPhoto({
		photo: ref(subject),
		baseline: ref(baseline),
		view: subject.view as PhotoView
	});
	const row = isBaseline
		? baselineRow(subject.id, result, now())
		: alignedRow(subject.id, baseline.id, result, now());
	return writeTx(db, (tx) => {
		// the group may have changed while the worker ran: a later job answers for the new one
		const current = liveReady(tx, photoId);
		if (!current || alignmentGroup(tx, current)[0]?.id !== baseline.id) {
			return 'skipped';
		}
		tx.insert(photoAlignment)
			.values(row)
			.onConflictDoUpdate({ target: photoAlignment.photoId, set: row })
			.run();
		if (isBaseline) {
			requeueGroup(tx, current, now());
		}
		return row.status;
	});
}

function liveReady(db: Db | Tx, photoId: string) {
	const p = db.select().from(photo).where(eq(photo.id, photoId)).get();
	return p && !p.deletedAt && p.status === 'ready' ? p : undefined;
}

function baselineRow(photoId: string, r: AlignResult, at: Date): Row {
	return {
		...EMPTY,
		photoId,
		baselineId: null,
		status: 'baseline',
		face: r.face,
		// against itself only its sharpness means anything
		quality: { ...r.quality, warnings: [] },
		analysedAt: at
	};
}

function alignedRow(photoId: string, baselineId: string, r: AlignResult, at: Date): Row {
	const a = r.alignment;
	return {
		...EMPTY,
		photoId,
		baselineId,
		// a correlation was found but under the bar: unsure; nothing in common: failed
		status: a ? 'aligned' : r.reason?.startsWith('Alignment unsure') ? 'unsure' : 'failed',
		reason: a ? null : (r.reason ?? null),
		...(a
			? {
					method: a.method,
					confidence: a.confidence,
					scale: a.scale,
					rotationDeg: a.rotationDeg,
					dx: a.dx,
					dy: a.dy
				}
			: {}),
		face: r.face,
		quality: r.quality,
		analysedAt: at
	};
}

const EMPTY = {
	reason: null,
	method: null,
	confidence: null,
	scale: null,
	rotationDeg: null,
	dx: null,
	dy: null
} satisfies Partial<Row>;

/**
 * Queues every other ready photo of `p`'s patient and view: after a new baseline, a deletion or
 * a photo refiled, each finds its baseline again (and does nothing if it has not changed).
 */
export function requeueGroup(
	tx: Tx,
	p: Pick<Photo, 'id' | 'patientId' | 'view'>,
	now = new Date()
) {
	const others = tx
		.select({ id: photo.id })
		.from(photo)
		.where(
			and(
				eq(photo.patientId, p.patientId),
				eq(photo.view, p.view),
				eq(photo.status, 'ready'),
				isNull(photo.deletedAt),
				ne(photo.id, p.id)
			)
		)
		.all();
	for (const o of others) {
		enqueue(tx, ALIGN_JOB, { photoId: o.id }, now);
	}
	return others.length;
}

/** After the last attempt failed (a file that will not decode): the pair is shown as taken. */
export function markAlignFailed(db: Db, photoId: string, message: string, at = new Date()) {
	writeTx(db, (tx) => {
		const p = liveReady(tx, photoId);
		if (!p) {
			return;
		}
		const baseline = alignmentGroup(tx, p)[0];
		const row: Row = {
			...EMPTY,
			photoId,
			baselineId: baseline && baseline.id !== photoId ? baseline.id : null,
			status: 'failed',
			reason: `Could not be analysed: ${message}`.slice(0, 300),
			analysedAt: at
		};
		tx.insert(photoAlignment)
			.values(row)
			.onConflictDoUpdate({ target: photoAlignment.photoId, set: row })
			.run();
	});
}

/** A file the aligner can never decode will not decode on a retry either. */
export const isPermanentAlignError = (error: unknown) =>
	error instanceof AlignError && error.errorName === 'DecodeError';

/**
 * Ready photos never analysed and not queued (photos from before alignment existed, or a lost
 * job): queued now. Run at start-up; returns how many.
 */
export function queueUnaligned(db: Db, now = new Date()): number {
	return writeTx(db, (tx) => {
		const ids = tx
			.select({ id: photo.id })
			.from(photo)
			.where(
				and(
					eq(photo.status, 'ready'),
					isNull(photo.deletedAt),
					notExists(tx.select().from(photoAlignment).where(eq(photoAlignment.photoId, photo.id))),
					notExists(
						tx
							.select()
							.from(job)
							.where(
								and(
									eq(job.kind, ALIGN_JOB),
									inArray(job.status, ['pending', 'running']),
									sql`json_extract(${job.payload}, '$.photoId') = ${photo.id}`
								)
							)
					)
				)
			)
			.all();
		for (const { id } of ids) {
			enqueue(tx, ALIGN_JOB, { photoId: id }, now);
		}
		return ids.length;
	});
}
