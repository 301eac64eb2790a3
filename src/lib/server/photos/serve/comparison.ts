import type { Db } from '../../db/client';
import {
	notFound,
	requirePatientAccess,
	type PatientActor,
	type StaffActor
} from '../../auth/guard';
import {
	ownCourses,
	ownPhotos,
	type PatientCourseView,
	type PatientPhotoView,
	type RecordOwner
} from '../../patients/patient-record';
import { comparableViews, resolvePair } from '../../../domain/compare';
import { CONCERN_LABELS, isConcern } from '../../../domain/concerns';
import { daysBetween } from '../../../domain/schedule';
import { VIEW_LABELS, isPhotoView } from '../../../domain/views';
import { formatDate } from '../../../format';
import { pairAlignmentOf } from './pair-alignment';
import { recordPhotoView } from './photo-access-log';

/** What a comparison URL asks for; every field is untrusted and optional. */
export interface CompareQuery {
	course: string | null;
	view: string | null;
	a: string | null;
	b: string | null;
}

/** The comparison a page's URL asks for (`?course&view&a&b`). */
export function compareQuery(q: URLSearchParams): CompareQuery {
	return { course: q.get('course'), view: q.get('view'), a: q.get('a'), b: q.get('b') };
}

/** A comparison was looked at: audited against the patient, naming the pair when there is one. */
export function recordComparisonView(
	db: Db,
	actor: PatientActor | StaffActor,
	patientId: string,
	pair: { before: { id: string }; after: { id: string } } | null
): void {
	recordPhotoView(
		db,
		actor,
		patientId,
		pair ? `compare ${pair.before.id} ${pair.after.id}` : 'compare'
	);
}

export interface ComparisonPhoto {
	id: string;
	view: string;
	takenOn: string;
	sessionId: string | null;
	/** "Session 2 of 4", the group a picker lists the photo under */
	session: string;
	/** "12 Mar 2026 · day 42": the picker's option, and the caption under the image */
	label: string;
	alt: string;
	width: number;
	height: number;
	placeholder: string | null;
	variants: { width: number; height: number; format: string; url: string }[];
	/** the photo at full resolution (a metadata-free JPEG), for the viewer */
	fullUrl: string;
}

export const viewLabel = (view: string) => (isPhotoView(view) ? VIEW_LABELS[view] : view);

export const courseTitle = (c: PatientCourseView) =>
	`${isConcern(c.concern) ? CONCERN_LABELS[c.concern] : c.concern}, from ${formatDate(c.startedOn)}`;

/** The ready photos of a record and the courses they belong to: all a comparison may show. */
export function comparableRecord(db: Db, owner: RecordOwner) {
	// only this record's rows; courses come most recent first
	const courses = ownCourses(db, owner);
	const ready = ownPhotos(db, owner).filter((p) => p.status === 'ready' && p.variants.length > 0);
	const photosOf = (c: PatientCourseView) =>
		ready.filter((p) => c.sessions.some((s) => s.id === p.sessionId));
	return { courses, photosOf };
}

/** A photo as both comparisons show it, named by its session within its course. */
export function comparisonPhoto(p: PatientPhotoView, course: PatientCourseView): ComparisonPhoto {
	const first = course.sessions[0]?.performedOn ?? course.startedOn;
	const index = course.sessions.findIndex((s) => s.id === p.sessionId);
	const largest = p.variants.at(-1)!;
	return {
		id: p.id,
		view: p.view,
		takenOn: p.takenOn,
		sessionId: p.sessionId,
		session: `Session ${index + 1} of ${course.plannedSessions}`,
		label: `${formatDate(p.takenOn)} · day ${daysBetween(first, p.takenOn)}`,
		alt: `${viewLabel(p.view)} view, ${formatDate(p.takenOn)}, session ${index + 1}`,
		width: p.width ?? largest.width,
		height: p.height ?? largest.height,
		placeholder: p.placeholder,
		variants: p.variants,
		fullUrl: `/media/private/${p.id}/full.jpg`
	};
}

/**
 * Two photos of one view of one course of a record. The course and any photo id in the URL
 * must be of that record — of that course, ready — or the answer is 404: an id that is not
 * the record's is never quietly swapped for another photo. Without a course, the most recent
 * course with photos is used.
 */
function comparisonOf(db: Db, owner: RecordOwner, query: CompareQuery) {
	const { courses, photosOf } = comparableRecord(db, owner);
	const withPhotos = courses.filter((c) => photosOf(c).length > 0);
	const course = query.course
		? (courses.find((c) => c.id === query.course) ?? notFound())
		: withPhotos[0];
	const courseChoices = withPhotos.map((c) => ({ id: c.id, title: courseTitle(c) }));
	if (!course) {
		return { courses: courseChoices, course: null, views: [], view: null, photos: [], pair: null };
	}

	const photos = photosOf(course).map((p) => comparisonPhoto(p, course));
	for (const id of [query.a, query.b]) {
		if (id && !photos.some((p) => p.id === id)) {
			notFound();
		}
	}
	const pair = resolvePair(photos, query);
	return {
		courses: courseChoices,
		course: { id: course.id, title: courseTitle(course) },
		views: comparableViews(photos).map((v) => ({ value: v, label: viewLabel(v) })),
		view: pair?.view ?? null,
		// the pickers offer the photos of the view being compared, oldest first
		photos: pair
			? photos
					.filter((p) => p.view === pair.view)
					.sort((x, y) => x.takenOn.localeCompare(y.takenOn))
			: [],
		// `alignment` says how the later photo is drawn in the earlier one's frame, or why not
		pair: pair && {
			before: pair.before,
			after: pair.after,
			alignment: pairAlignmentOf(db, pair.before.id, pair.after.id)
		}
	};
}

export type Comparison = ReturnType<typeof comparisonOf>;

/** The patient's own photos, as two to compare; nothing of anyone else's (404). */
export function patientComparison(db: Db, actor: PatientActor, query: CompareQuery): Comparison {
	return comparisonOf(db, actor, query);
}

/**
 * A patient's photos as two to compare, for staff who may see photos (the guard's
 * `photo.read`: owner and clinician); anyone else, and any other clinic's patient, 404.
 */
export function staffComparison(
	db: Db,
	actor: StaffActor,
	patientId: string,
	query: CompareQuery
): Comparison & { patient: { id: string; displayName: string } } {
	const patient = requirePatientAccess(db, actor, patientId, 'photo.read');
	return {
		patient: { id: patient.id, displayName: patient.displayName },
		...comparisonOf(db, { clinicId: actor.clinicId, patient }, query)
	};
}
