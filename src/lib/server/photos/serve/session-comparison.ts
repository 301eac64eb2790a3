import type { Db } from '../../db/client';
import { notFound, requirePatientAccess, type StaffActor } from '../../auth/guard';
import { resolveSessions, sessionRows } from '../../../domain/compare';
import { formatDate } from '../../../format';
import {
	comparableRecord,
	comparisonPhoto,
	courseTitle,
	viewLabel,
	type ComparisonPhoto
} from './comparison';
import { pairAlignmentOf } from './pair-alignment';

/** What a session-beside-session URL asks for; untrusted and optional. */
export interface SessionCompareQuery {
	a: string | null;
	b: string | null;
}

export interface SessionChoice {
	id: string;
	/** "Session 2 of 4 · 3 Nov 2026" */
	label: string;
	/** for the viewer's caption: "Session 2", "3 Nov 2026" */
	name: string;
	date: string;
	course: string;
	courseId: string;
}

/**
 * Two whole sessions of a patient set side by side, a row per view, for staff with photo access.
 * The choices are the sessions with photos, oldest first, grouped by course. By default the
 * first session of the most recent course with two such sessions against its latest; an id
 * that is not one of this patient's sessions with photos is 404, never swapped for another.
 */
export function staffSessionComparison(
	db: Db,
	actor: StaffActor,
	patientId: string,
	query: SessionCompareQuery
) {
	const patient = requirePatientAccess(db, actor, patientId, 'photo.read');
	const { courses, photosOf } = comparableRecord(db, { clinicId: actor.clinicId, patient });
	// oldest course first, so the list reads as the patient's history
	const chronological = [...courses].reverse();
	const photos: ComparisonPhoto[] = chronological.flatMap((c) =>
		photosOf(c).map((p) => comparisonPhoto(p, c))
	);
	const choices: SessionChoice[] = chronological.flatMap((c) =>
		c.sessions
			.map((s, i) => ({
				id: s.id,
				label: `Session ${i + 1} of ${c.plannedSessions} · ${formatDate(s.performedOn)}`,
				name: `Session ${i + 1}`,
				date: formatDate(s.performedOn),
				course: courseTitle(c),
				courseId: c.id
			}))
			.filter((s) => photos.some((p) => p.sessionId === s.id))
	);
	const ids = choices.map((s) => s.id);
	for (const id of [query.a, query.b]) {
		if (id && !ids.includes(id)) {
			notFound();
		}
	}
	// the default pair stays inside one course: the latest with two sessions with photos
	const course = courses.find((c) => c.sessions.filter((s) => ids.includes(s.id)).length >= 2);
	const own = course ? ids.filter((id) => course.sessions.some((s) => s.id === id)) : ids;
	const pick = resolveSessions(ids, {
		a: query.a ?? (query.b ? null : own[0]),
		b: query.b ?? (query.a ? null : own.at(-1))
	});
	const patientRef = { id: patient.id, displayName: patient.displayName };
	if (!pick) {
		return { patient: patientRef, sessions: choices, a: null, b: null, rows: [] };
	}
	const chosen = (id: string) => choices.find((s) => s.id === id)!;
	return {
		patient: patientRef,
		sessions: choices,
		a: chosen(pick.a),
		b: chosen(pick.b),
		// a row with both photos says how the right one is drawn in the left one's frame
		rows: sessionRows(photos, pick.a, pick.b).map((r) => ({
			...r,
			label: viewLabel(r.view),
			alignment: r.a && r.b ? pairAlignmentOf(db, r.a.id, r.b.id) : null
		}))
	};
}

export type SessionComparison = ReturnType<typeof staffSessionComparison>;
