import { and, asc, eq, inArray, isNull } from 'drizzle-orm';
import type { Db } from '../db/client';
import { photo, photoVariant } from '../db/schema';

export interface PhotoSummary {
	id: string;
	view: string;
	takenOn: string;
	sessionId: string | null;
	role: 'before' | 'after' | null;
	status: 'processing' | 'ready' | 'failed';
	failureReason: string | null;
	width: number | null;
	height: number | null;
	placeholder: string | null;
	variants: { width: number; height: number; format: string; url: string }[];
	/** the photo at full resolution as a metadata-free JPEG (never the uploaded bytes) */
	fullUrl: string;
}

/** A patient's live photos with the URLs of their variants (all under /media/private). */
export function listPhotos(db: Db, patientId: string): PhotoSummary[] {
	const rows = db
		.select()
		.from(photo)
		.where(and(eq(photo.patientId, patientId), isNull(photo.deletedAt)))
		.orderBy(asc(photo.takenOn), asc(photo.createdAt))
		.all();
	return withVariants(db, rows);
}

export function withVariants(db: Db, rows: (typeof photo.$inferSelect)[]): PhotoSummary[] {
	const variants = rows.length
		? db
				.select()
				.from(photoVariant)
				.where(
					inArray(
						photoVariant.photoId,
						rows.map((r) => r.id)
					)
				)
				.all()
		: [];
	return rows.map((r) => ({
		id: r.id,
		view: r.view,
		takenOn: r.takenOn,
		sessionId: r.sessionId,
		role: r.role,
		status: r.status,
		failureReason: r.failureReason,
		width: r.width,
		height: r.height,
		placeholder: r.placeholder,
		variants: variants
			// the full-size JPEG is a variant on disk, offered only as fullUrl
			.filter((v) => v.photoId === r.id && v.format !== 'jpeg')
			.sort((a, b) => a.width - b.width)
			.map((v) => ({
				width: v.width,
				height: v.height,
				format: v.format,
				url: `/media/private/${r.id}/${v.width}.${v.format}`
			})),
		fullUrl: `/media/private/${r.id}/full.jpg`
	}));
}
