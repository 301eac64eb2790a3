import { and, count, desc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../db/client';
import { clinic, galleryCase, galleryImage, photo, type GalleryCase } from '../db/schema';
import { clinicSettings } from '../clinic/clinic';
import { AREAS, CONCERNS } from '../../domain/concerns';
import { caseProvenanceBody } from './provenance';
import type { ProvenanceBody } from '../../domain/provenance';

/**
 * What the public side may read. Every query here asks for `published` AND an active
 * gallery_public consent (README, "Where each rule lives": consent gates the gallery): a
 * consent that lapsed by its expiry date hides the case at once, before any sweep has run. Nothing here returns a private URL, a
 * photo id or a patient's name.
 */
export function galleryConsentActive(now: Date, shape: 'many' | 'one' = 'many'): SQL {
	const active = sql`k.scope = 'gallery_public' and k.revoked_at is null
		and (k.expires_at is null or k.expires_at > ${now.getTime()})`;
	// Over many cases: one set of consenting patients per query, probed per case (facets over
	// 10,000 cases: 18 → 4 ms). For one case (every image request): one index search instead of
	// building that set.
	return shape === 'many'
		? sql`${galleryCase.patientId} in (select k.patient_id from consent k where ${active})`
		: sql`exists (select 1 from consent k where k.patient_id = ${galleryCase.patientId} and ${active})`;
}

const visible = (clinicId: string, now: Date, shape: 'many' | 'one' = 'many') =>
	and(
		eq(galleryCase.clinicId, clinicId),
		eq(galleryCase.status, 'published'),
		galleryConsentActive(now, shape)
	);

export const PAGE_SIZE = 24;

export interface GalleryFilters {
	concern?: string;
	area?: string;
	fitzpatrick?: number;
	sessions?: number;
}

/** Filters from the query string; values that are not real options are ignored, not errors. */
export function parseFilters(params: URLSearchParams): GalleryFilters {
	const pick = <T extends string>(name: string, allowed: readonly T[]) => {
		const v = params.get(name);
		return v && (allowed as readonly string[]).includes(v) ? (v as T) : undefined;
	};
	const int = (name: string, min: number, max: number) => {
		const v = Number(params.get(name));
		return Number.isInteger(v) && v >= min && v <= max ? v : undefined;
	};
	return {
		concern: pick('concern', CONCERNS),
		area: pick('area', AREAS),
		fitzpatrick: int('skin', 1, 6),
		sessions: int('sessions', 1, 12)
	};
}

export function publicClinic(db: Db, slug: string) {
	const c = db.select().from(clinic).where(eq(clinic.slug, slug)).get();
	if (!c) {
		return null;
	}
	const s = clinicSettings(c);
	return {
		id: c.id,
		slug: c.slug,
		name: c.name,
		bookingUrl: s.bookingUrl,
		accent: s.accentColor,
		embedOrigins: s.embedOrigins,
		caseLinkTemplate: s.caseLinkTemplate
	};
}

export interface PublicImage {
	width: number;
	height: number;
	format: string;
	url: string;
}
export interface PublicImageSet {
	placeholder: string | null;
	variants: PublicImage[];
}
export interface PublicCaseCard {
	id: string;
	title: string;
	concern: string;
	area: string;
	fitzpatrick: number | null;
	sessionsCount: number;
	weeksElapsed: number;
	view: string;
	publishedAt: Date | null;
	before: PublicImageSet;
	/** aligned to the before when `aligned` */
	after: PublicImageSet;
	/** the after photo was moved into the before's frame at publish (alignment job) */
	aligned: boolean;
	/** the after as taken (its own crop), published beside the aligned one */
	afterAsTaken: PublicImageSet | null;
	og: PublicImage | null;
}

const EXT = { avif: 'avif', webp: 'webp', jpeg: 'jpg' } as const;

export function publicImageUrl(token: string, width: number, format: keyof typeof EXT): string {
	return `/media/public/${token}/${width}.${EXT[format]}`;
}

/** The token of an aligned case's as-taken after files (its other `after` rows are aligned). */
export function asTakenToken(row: Pick<GalleryCase, 'provenance'>): string | null {
	return (row.provenance as ProvenanceBody | null)?.afterAsTaken?.token ?? null;
}

/** Whether the case's after image was aligned to its before at publish. */
const wasAligned = (row: Pick<GalleryCase, 'provenance'>) =>
	!!(row.provenance as ProvenanceBody | null)?.operations.after.some((o) => o.op === 'align');

type ImageRow = typeof galleryImage.$inferSelect;

/**
 * A case's images as the page offers them, smallest first: only the files that exist (the
 * AVIF ones follow publish in a job), the as-taken after apart from the aligned one.
 */
export function imageSet(
	images: ImageRow[],
	row: Pick<GalleryCase, 'id' | 'provenance'>,
	which: 'before' | 'after' | 'asTaken'
): PublicImageSet {
	const asTaken = asTakenToken(row);
	const own = images
		.filter(
			(i) =>
				i.caseId === row.id &&
				i.which === (which === 'before' ? 'before' : 'after') &&
				(which === 'asTaken' ? i.token === asTaken : i.token !== asTaken)
		)
		.sort((a, b) => a.width - b.width);
	return {
		placeholder: own[0]?.placeholder ?? null,
		variants: own.map((i) => ({
			width: i.width,
			height: i.height,
			format: i.format,
			url: publicImageUrl(i.token, i.width, i.format)
		}))
	};
}

function withImages(db: Db, rows: (typeof galleryCase.$inferSelect)[]): PublicCaseCard[] {
	const images = rows.length
		? db
				.select()
				.from(galleryImage)
				.where(
					inArray(
						galleryImage.caseId,
						rows.map((r) => r.id)
					)
				)
				.all()
		: [];
	return rows.map((r) => {
		const og = images.find((i) => i.caseId === r.id && i.which === 'og');
		return {
			id: r.id,
			title: r.title,
			concern: r.concern,
			area: r.area,
			fitzpatrick: r.fitzpatrick,
			sessionsCount: r.sessionsCount,
			weeksElapsed: r.weeksElapsed,
			view: r.view,
			publishedAt: r.publishedAt,
			before: imageSet(images, r, 'before'),
			after: imageSet(images, r, 'after'),
			aligned: wasAligned(r),
			afterAsTaken: asTakenToken(r) ? imageSet(images, r, 'asTaken') : null,
			og: og
				? {
						width: og.width,
						height: og.height,
						format: 'jpeg',
						url: publicImageUrl(og.token, og.width, og.format)
					}
				: null
		};
	});
}

function filtersWhere(f: GalleryFilters): SQL[] {
	const pairs = [
		[galleryCase.concern, f.concern],
		[galleryCase.area, f.area],
		[galleryCase.fitzpatrick, f.fitzpatrick],
		[galleryCase.sessionsCount, f.sessions]
	] as const;
	return pairs.filter(([, v]) => v !== undefined).map(([column, v]) => eq(column, v!));
}

/** One page of the clinic's public cases, newest first, and how many match in all. */
export function listPublicCases(
	db: Db,
	clinicId: string,
	filters: GalleryFilters,
	page = 1,
	now = new Date()
) {
	const where = and(visible(clinicId, now), ...filtersWhere(filters));
	const total = db.select({ n: count() }).from(galleryCase).where(where).get()?.n ?? 0;
	const rows = db
		.select()
		.from(galleryCase)
		.where(where)
		.orderBy(desc(galleryCase.publishedAt), desc(galleryCase.id))
		.limit(PAGE_SIZE)
		.offset((Math.max(1, page) - 1) * PAGE_SIZE)
		.all();
	return { cases: withImages(db, rows), total, pageSize: PAGE_SIZE };
}

/** The values present among the clinic's public cases, for the filter menus. */
export function publicFacets(db: Db, clinicId: string, now = new Date()) {
	// one pass over the distinct combinations instead of a scan per menu
	const combos = db
		.selectDistinct({
			concern: galleryCase.concern,
			area: galleryCase.area,
			fitzpatrick: galleryCase.fitzpatrick,
			sessions: galleryCase.sessionsCount
		})
		.from(galleryCase)
		.where(visible(clinicId, now))
		.all();
	const values = <T extends string | number>(pick: (c: (typeof combos)[number]) => T | null) =>
		[...new Set(combos.map(pick).filter((v): v is T => v !== null))].sort((a, b) =>
			typeof a === 'number' ? a - (b as number) : String(a).localeCompare(String(b))
		);
	return {
		concerns: values((c) => c.concern),
		areas: values((c) => c.area),
		fitzpatrick: values((c) => c.fitzpatrick),
		sessions: values((c) => c.sessions)
	};
}

/** The row of a case while it is public (published, consent active), or null. */
export function publicCaseRow(db: Db, clinicId: string, caseId: string, now = new Date()) {
	return (
		db
			.select()
			.from(galleryCase)
			.where(and(eq(galleryCase.id, caseId), visible(clinicId, now, 'one')))
			.get() ?? null
	);
}

/** A published case of the clinic with its photo dates (month precision), or null. */
export function publicCase(db: Db, clinicId: string, caseId: string, now = new Date()) {
	const row = publicCaseRow(db, clinicId, caseId, now);
	if (!row) {
		return null;
	}
	const month = (photoId: string) =>
		db
			.select({ on: photo.takenOn })
			.from(photo)
			.where(eq(photo.id, photoId))
			.get()
			?.on.slice(0, 7) ?? null;
	return {
		...withImages(db, [row])[0],
		description: row.description,
		provenance: caseProvenanceBody(db, row),
		beforeMonth: month(row.beforePhotoId),
		afterMonth: month(row.afterPhotoId)
	};
}

/**
 * The file behind a public image URL, only while its case is published and consented. The
 * token alone is not trusted: a row that outlived a withdrawal by a moment still answers 404.
 */
export function publicImageFile(db: Db, token: string, file: string, now = new Date()) {
	const m = /^(\d{2,4})\.(avif|webp|jpg)$/.exec(file);
	if (!m) {
		return null;
	}
	const format = m[2] === 'jpg' ? 'jpeg' : (m[2] as 'avif' | 'webp');
	const row = db
		.select({ key: galleryImage.key, format: galleryImage.format })
		.from(galleryImage)
		.innerJoin(galleryCase, eq(galleryCase.id, galleryImage.caseId))
		.where(
			and(
				eq(galleryImage.token, token),
				eq(galleryImage.width, Number(m[1])),
				eq(galleryImage.format, format),
				eq(galleryCase.status, 'published'),
				galleryConsentActive(now, 'one')
			)
		)
		.get();
	return row ? { key: row.key, type: `image/${row.format}` } : null;
}

/** Every public page worth indexing: each clinic with a public case, and each case. */
export function sitemapEntries(db: Db, now = new Date()) {
	return db
		.select({ slug: clinic.slug, caseId: galleryCase.id, publishedAt: galleryCase.publishedAt })
		.from(galleryCase)
		.innerJoin(clinic, eq(clinic.id, galleryCase.clinicId))
		.where(and(eq(galleryCase.status, 'published'), galleryConsentActive(now)))
		.orderBy(clinic.slug, desc(galleryCase.publishedAt))
		.all();
}
