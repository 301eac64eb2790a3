import { and, asc, eq, inArray, isNull, ne } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { photo, photoVariant } from '../../db/schema';

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
	variants: PhotoVariantUrl[];
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

export interface PhotoVariantUrl {
	width: number;
	height: number;
	format: string;
	url: string;
}

/** The web versions of these photos, smallest first, by photo id. */
export function variantsOf(db: Db, photoIds: string[]): Map<string, PhotoVariantUrl[]> {
	const rows = photoIds.length
		? db
				.select({
					photoId: photoVariant.photoId,
					width: photoVariant.width,
					height: photoVariant.height,
					format: photoVariant.format
				})
				.from(photoVariant)
				// the kept full-size JPEG is a variant on disk, offered only as fullUrl
				.where(and(inArray(photoVariant.photoId, photoIds), ne(photoVariant.format, 'jpeg')))
				.all()
				.sort((a, b) => a.width - b.width)
		: [];
	const byPhoto = new Map<string, PhotoVariantUrl[]>();
	for (const v of rows) {
		const list = byPhoto.get(v.photoId) ?? [];
		list.push({
			width: v.width,
			height: v.height,
			format: v.format,
			url: `/media/private/${v.photoId}/${v.width}.${v.format}`
		});
		byPhoto.set(v.photoId, list);
	}
	return byPhoto;
}

export function withVariants(db: Db, rows: (typeof photo.$inferSelect)[]): PhotoSummary[] {
	const variants = variantsOf(
		db,
		rows.map((r) => r.id)
	);
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
		variants: variants.get(r.id) ?? [],
		fullUrl: `/media/private/${r.id}/full.jpg`
	}));
}
