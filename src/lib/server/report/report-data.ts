import { and, asc, eq, inArray, isNull } from 'drizzle-orm';
import type { Db } from '../db/client';
import { clinic, photo, photoVariant, treatmentSession, type Patient } from '../db/schema';
import { notFound } from '../auth/guard';
import { findCourse } from '../courses/courses';
import { clinicSettings, clinicToday } from '../clinic/clinic';
import { accentTokens } from '../../domain/accent';
import { CONCERN_LABELS, isConcern } from '../../domain/concerns';
import { areaLabel } from '../../domain/gallery-labels';
import { scaleForConcern, type GradingScaleId } from '../../domain/grading-scales';
import { progressRows, type ProgressRow } from '../../domain/progress';
import { PHOTO_VIEWS, VIEW_LABELS, type PhotoView } from '../../domain/views';

/** The default teal of app.css, for a clinic without its own accent (or one failing AA). */
const DEFAULT_ACCENT = '#1d5c63';
/** Wide enough for print at the width a photo gets on A4 (about 250 pt, so ~270 dpi). */
const PRINT_WIDTH = 960;

export interface ReportPhoto {
	id: string;
	takenOn: string;
	/** 1-based session of the course the photo was filed under */
	session: number;
	/** full-size upright pixels, which an alignment is measured in; null if never recorded */
	fullWidth: number | null;
	variant: { key: string; width: number; height: number };
}

export interface ReportView {
	view: PhotoView;
	label: string;
	first: ReportPhoto;
	/** null when the view has only one photo in this course so far */
	latest: ReportPhoto | null;
}

export interface ReportSession {
	number: number;
	performedOn: string;
	/** "Cheeks 1.5 mm, Forehead 0.5 mm"; null in the patient's own copy */
	depths: string | null;
}

export interface ReportData {
	clinic: { name: string; accent: string; logoKey: string | null };
	patientName: string;
	generatedOn: string;
	course: {
		id: string;
		concern: string;
		areas: string[];
		startedOn: string;
		plannedSessions: number;
		intervalWeeks: number;
	};
	sessions: ReportSession[];
	scale: GradingScaleId | null;
	rows: ProgressRow[];
	views: ReportView[];
}

/**
 * Who the copy is for. The patient's own copy leaves out needle depths, as the patient's pages
 * do (patients/patient-record.ts): treatment settings are the clinic's working detail.
 */
export type ReportAudience = 'clinic' | 'patient';

/**
 * Everything the report shows of one course, read for a patient the caller has already let the
 * actor into: every query is scoped to this patient's course (and its clinic), so no other
 * patient's rows can reach the document. An id of another patient's course is 404.
 */
export function reportData(
	db: Db,
	p: Patient,
	courseId: string,
	now = new Date(),
	audience: ReportAudience = 'clinic'
): ReportData {
	const c = findCourse(db, p, courseId) ?? notFound();
	const clinicRow = db.select().from(clinic).where(eq(clinic.id, p.clinicId)).get() ?? notFound();
	const settings = clinicSettings(clinicRow);
	const sessions = db
		.select()
		.from(treatmentSession)
		.where(and(eq(treatmentSession.courseId, c.id), eq(treatmentSession.clinicId, p.clinicId)))
		.orderBy(asc(treatmentSession.performedOn))
		.all();
	const scale = scaleForConcern(c.concern);
	const today = clinicToday(db, p.clinicId, now);
	const numberOf = new Map(sessions.map((s, i) => [s.id, i + 1]));
	return {
		clinic: {
			name: clinicRow.name,
			accent: accentTokens(settings.accentColor)?.['--brand'] ?? DEFAULT_ACCENT,
			logoKey: settings.logo?.key ?? null
		},
		patientName: p.displayName,
		generatedOn: today,
		course: {
			id: c.id,
			concern: isConcern(c.concern) ? CONCERN_LABELS[c.concern] : c.concern,
			areas: c.areas.map(areaLabel),
			startedOn: c.startedOn,
			plannedSessions: c.plannedSessions,
			intervalWeeks: c.intervalWeeks
		},
		sessions: sessions.map((s, i) => ({
			number: i + 1,
			performedOn: s.performedOn,
			depths:
				audience === 'patient'
					? null
					: Object.entries(s.needleDepthMm)
							.map(([area, mm]) => `${areaLabel(area)} ${mm} mm`)
							.join(', ')
		})),
		scale,
		rows: progressRows(sessions, today, scale),
		views: courseViews(db, p, numberOf)
	};
}

/** The first and the latest ready photo of each view filed under this course's sessions. */
function courseViews(db: Db, p: Patient, numberOf: Map<string, number>): ReportView[] {
	const sessionIds = [...numberOf.keys()];
	if (sessionIds.length === 0) {
		return [];
	}
	const rows = db
		.select({
			id: photo.id,
			view: photo.view,
			takenOn: photo.takenOn,
			sessionId: photo.sessionId,
			width: photo.width
		})
		.from(photo)
		.where(
			and(
				eq(photo.patientId, p.id),
				eq(photo.clinicId, p.clinicId),
				eq(photo.status, 'ready'),
				isNull(photo.deletedAt),
				inArray(photo.sessionId, sessionIds)
			)
		)
		.orderBy(asc(photo.takenOn), asc(photo.createdAt))
		.all();
	const variants = printVariants(
		db,
		rows.map((r) => r.id)
	);
	const photos: (ReportPhoto & { view: PhotoView })[] = rows.flatMap((r) => {
		const variant = variants.get(r.id);
		return variant
			? [
					{
						id: r.id,
						view: r.view,
						takenOn: r.takenOn,
						session: numberOf.get(r.sessionId!)!,
						fullWidth: r.width,
						variant
					}
				]
			: [];
	});
	return PHOTO_VIEWS.flatMap((view) => {
		const of = photos.filter((x) => x.view === view);
		if (of.length === 0) {
			return [];
		}
		return [
			{
				view,
				label: VIEW_LABELS[view],
				first: of[0],
				latest: of.length > 1 ? of.at(-1)! : null
			}
		];
	});
}

/** Per photo, the private web version nearest PRINT_WIDTH (WebP first: it decodes fastest). */
function printVariants(db: Db, photoIds: string[]) {
	const rows = photoIds.length
		? db
				.select()
				.from(photoVariant)
				.where(inArray(photoVariant.photoId, photoIds))
				.all()
				.filter((v) => v.format !== 'jpeg')
		: [];
	const best = new Map<string, (typeof rows)[number]>();
	const score = (v: (typeof rows)[number]) =>
		Math.abs(v.width - PRINT_WIDTH) + (v.format === 'webp' ? 0 : 0.5);
	for (const v of rows) {
		const held = best.get(v.photoId);
		if (!held || score(v) < score(held)) {
			best.set(v.photoId, v);
		}
	}
	return new Map(
		[...best].map(([id, v]) => [id, { key: v.key, width: v.width, height: v.height }])
	);
}
