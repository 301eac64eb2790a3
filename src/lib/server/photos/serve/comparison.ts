import type { Db } from '../../db/client';
import { notFound, type PatientActor } from '../../auth/guard';
import { ownCourses, ownPhotos, type PatientCourseView } from '../../patients/patient-record';
import { comparableViews, resolvePair } from '../../../domain/compare';
import { CONCERN_LABELS, isConcern } from '../../../domain/concerns';
import { daysBetween } from '../../../domain/schedule';
import { VIEW_LABELS, isPhotoView } from '../../../domain/views';
import { formatDate } from '../../../format';

/** What a comparison URL asks for; every field is untrusted and optional. */
export interface CompareQuery {
	course: string | null;
	view: string | null;
	a: string | null;
	b: string | null;
}

export interface ComparisonPhoto {
	id: string;
	view: string;
	takenOn: string;
	/** "Session 2 of 4", the group a picker lists the photo under */
	session: string;
	/** "12 Mar 2026 · day 42": the picker's option, and the caption under the image */
	label: string;
	alt: string;
	width: number;
	height: number;
	placeholder: string | null;
	variants: { width: number; height: number; format: string; url: string }[];
}

const viewLabel = (view: string) => (isPhotoView(view) ? VIEW_LABELS[view] : view);

/**
 * The patient's own photos of one course, as two to compare. The course and any photo id in the
 * URL must be the patient's — of that course, ready — or the answer is 404: an id that is not
 * theirs is never quietly swapped for another photo. Without a course, the most recent course
 * with photos is used.
 */
export function patientComparison(db: Db, actor: PatientActor, query: CompareQuery) {
	// only the actor's own record; courses come most recent first
	const courses = ownCourses(db, actor);
	const ready = ownPhotos(db, actor).filter((p) => p.status === 'ready' && p.variants.length > 0);
	const photosOf = (c: PatientCourseView) =>
		ready.filter((p) => c.sessions.some((s) => s.id === p.sessionId));
	const withPhotos = courses.filter((c) => photosOf(c).length > 0);
	const course = query.course
		? (courses.find((c) => c.id === query.course) ?? notFound())
		: withPhotos[0];
	const title = (c: PatientCourseView) =>
		`${isConcern(c.concern) ? CONCERN_LABELS[c.concern] : c.concern}, from ${formatDate(c.startedOn)}`;
	const courseChoices = withPhotos.map((c) => ({ id: c.id, title: title(c) }));
	if (!course) {
		return { courses: courseChoices, course: null, views: [], view: null, photos: [], pair: null };
	}

	const first = course.sessions[0]?.performedOn ?? course.startedOn;
	const photos: ComparisonPhoto[] = photosOf(course).map((p) => {
		const index = course.sessions.findIndex((s) => s.id === p.sessionId);
		const largest = p.variants.at(-1)!;
		return {
			id: p.id,
			view: p.view,
			takenOn: p.takenOn,
			session: `Session ${index + 1} of ${course.plannedSessions}`,
			label: `${formatDate(p.takenOn)} · day ${daysBetween(first, p.takenOn)}`,
			alt: `${viewLabel(p.view)} view, ${formatDate(p.takenOn)}, session ${index + 1}`,
			width: p.width ?? largest.width,
			height: p.height ?? largest.height,
			placeholder: p.placeholder,
			variants: p.variants
		};
	});
	for (const id of [query.a, query.b]) {
		if (id && !photos.some((p) => p.id === id)) {
			notFound();
		}
	}
	const pair = resolvePair(photos, query);
	return {
		courses: courseChoices,
		course: { id: course.id, title: title(course) },
		views: comparableViews(photos).map((v) => ({ value: v, label: viewLabel(v) })),
		view: pair?.view ?? null,
		// the pickers offer the photos of the view being compared, oldest first
		photos: pair
			? photos
					.filter((p) => p.view === pair.view)
					.sort((x, y) => x.takenOn.localeCompare(y.takenOn))
			: [],
		pair: pair && { before: pair.before, after: pair.after }
	};
}
