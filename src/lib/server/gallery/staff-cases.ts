import { createHash } from 'node:crypto';
import { and, desc, eq, inArray } from 'drizzle-orm';
import type { Db } from '../db/client';
import { galleryCase, galleryImage, patient, photo, type GalleryCase } from '../db/schema';
import type { StaffActor } from '../auth/guard';
import { getClinic } from '../clinic/clinic';
import { withVariants, type PhotoSummary } from '../photos/serve/list';
import { clinicCase } from './drafts';
import { redraftRefusal } from './redraft';
import { imageSet, type PublicImageSet } from './public';
import { NO_REDACTION, type CaseRedactions } from '../../domain/redaction';

export type CaseStatus = 'draft' | 'published' | 'withdrawn';

/** Where the public page of a case lives (built by the public gallery). */
export const publicCasePath = (slug: string, caseId: string) => `/c/${slug}/cases/${caseId}`;

/** The public images of published cases, smallest first, by case and which. */
function publicSets(db: Db, caseIds: string[]) {
	const rows = caseIds.length
		? db.select().from(galleryImage).where(inArray(galleryImage.caseId, caseIds)).all()
		: [];
	// the after as shown (aligned when it could be), not the as-taken one beside it
	return (row: GalleryCase, which: 'before' | 'after'): PublicImageSet | null => {
		const set = imageSet(rows, row, which);
		return set.variants.length ? set : null;
	};
}

function photosById(db: Db, ids: string[]): Map<string, PhotoSummary> {
	const rows = ids.length ? db.select().from(photo).where(inArray(photo.id, ids)).all() : [];
	const live = rows.filter((r) => !r.deletedAt && r.status === 'ready');
	return new Map(withVariants(db, live).map((p) => [p.id, p]));
}

/**
 * The clinic's cases for its staff, newest first, with the patient's name. Thumbnails: the
 * public images while published (what prospects see), the private photos otherwise.
 */
export function listClinicCases(db: Db, actor: StaffActor) {
	const rows = db
		.select({ c: galleryCase, patientName: patient.displayName })
		.from(galleryCase)
		.innerJoin(patient, eq(patient.id, galleryCase.patientId))
		.where(eq(galleryCase.clinicId, actor.clinicId))
		.orderBy(desc(galleryCase.createdAt))
		.limit(500)
		.all();
	const sets = publicSets(
		db,
		rows.filter((r) => r.c.status === 'published').map((r) => r.c.id)
	);
	const photos = photosById(
		db,
		rows.flatMap((r) => [r.c.beforePhotoId, r.c.afterPhotoId])
	);
	const thumb = (set: PublicImageSet | null, photoId: string): PublicImageSet | null => {
		const own = photos.get(photoId);
		return set ?? (own ? { placeholder: own.placeholder, variants: own.variants } : null);
	};
	const slug = getClinic(db, actor.clinicId)?.slug ?? '';
	return rows.map(({ c, patientName }) => ({
		id: c.id,
		status: c.status as CaseStatus,
		title: c.title,
		view: c.view,
		patientId: c.patientId,
		patientName,
		createdAt: c.createdAt,
		publishedAt: c.publishedAt,
		withdrawnAt: c.withdrawnAt,
		publicPath: c.status === 'published' ? publicCasePath(slug, c.id) : null,
		before: thumb(sets(c, 'before'), c.beforePhotoId),
		after: thumb(sets(c, 'after'), c.afterPhotoId)
	}));
}

/** A ready photo with its upright size (the crop's shape is measured in its pixels). */
function editorPhoto(p: PhotoSummary | undefined) {
	const largest = p?.variants.at(-1);
	if (!p || !largest) {
		return null;
	}
	return {
		id: p.id,
		takenOn: p.takenOn,
		width: p.width ?? largest.width,
		height: p.height ?? largest.height,
		placeholder: p.placeholder,
		variants: p.variants
	};
}

/** A short fingerprint of the saved redactions, so the preview URL changes when they do. */
export function redactionsVersion(r: CaseRedactions): string {
	return createHash('sha256').update(JSON.stringify(r)).digest('base64url').slice(0, 12);
}

/** Everything the case editor shows; 404 (GalleryError) outside the actor's clinic. */
export function caseForEditor(db: Db, actor: StaffActor, caseId: string) {
	const c = clinicCase(db, actor, caseId);
	const p = db
		.select({ id: patient.id, name: patient.displayName })
		.from(patient)
		.where(and(eq(patient.id, c.patientId), eq(patient.clinicId, actor.clinicId)))
		.get()!;
	const photos = photosById(db, [c.beforePhotoId, c.afterPhotoId]);
	const sets = publicSets(db, c.status === 'published' ? [c.id] : []);
	const slug = getClinic(db, actor.clinicId)?.slug ?? '';
	const redactions = { ...NO_REDACTION, ...(c.redactions as Partial<CaseRedactions>) };
	return {
		case: {
			id: c.id,
			status: c.status as CaseStatus,
			title: c.title,
			description: c.description,
			concern: c.concern,
			area: c.area,
			fitzpatrick: c.fitzpatrick,
			sessionsCount: c.sessionsCount,
			weeksElapsed: c.weeksElapsed,
			view: c.view,
			createdAt: c.createdAt,
			publishedAt: c.publishedAt,
			withdrawnAt: c.withdrawnAt,
			redactions
		},
		patient: p,
		before: editorPhoto(photos.get(c.beforePhotoId)),
		after: editorPhoto(photos.get(c.afterPhotoId)),
		publicPath: publicCasePath(slug, c.id),
		published:
			c.status === 'published' ? { before: sets(c, 'before'), after: sets(c, 'after') } : null,
		version: redactionsVersion(redactions),
		/** for a withdrawn case: why no new draft can be started from it now (null: it can) */
		redraftBlocked: c.status === 'withdrawn' ? (redraftRefusal(db, c)?.message ?? null) : null
	};
}
