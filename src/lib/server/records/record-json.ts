import { and, asc, eq, inArray } from 'drizzle-orm';
import type { Db } from '../db/client';
import { clinic, course, patient, patientContact, treatmentSession, user } from '../db/schema';
import type { ArchiveEntry } from '../photos/export/export-plan';
import type { ConsentDocument } from '../consents/documents';
import { clinicSettings } from '../clinic/clinic';
import { AREA_LABELS, CONCERN_LABELS, fitzpatrickLabel, isConcern } from '../../domain/concerns';
import { gradeLabel, SCALES } from '../../domain/grading-scales';
import { VIEW_LABELS } from '../../domain/views';
import { CONTACT_CHANNEL_LABELS, CONTACT_OUTCOME_LABELS } from '../../domain/contacts';
import { consentFileName } from './consent-html';

/** Named in record.json, so a program reading an export knows which shape it holds. */
export const RECORD_FORMAT = 'resurface-record/1';

const iso = (d: Date | null) => (d ? d.toISOString() : null);
const labelOf = (labels: Record<string, string>, key: string) => labels[key] ?? key;
const concernLabel = (c: string) => (isConcern(c) ? CONCERN_LABELS[c] : c);

/**
 * A patient's whole record as data: what record.json holds and what summary.html is written
 * from. Instants are ISO 8601 in UTC (the clinic's zone is named beside them); calendar days
 * are ISO days as the clinic recorded them.
 */
export function patientRecord(
	db: Db,
	patientId: string,
	photos: ArchiveEntry[],
	consents: ConsentDocument[],
	now: Date
) {
	const p = db.select().from(patient).where(eq(patient.id, patientId)).get();
	if (!p) {
		throw new Error('No such patient.');
	}
	const c = db.select().from(clinic).where(eq(clinic.id, p.clinicId)).get()!;
	const portal = p.userId
		? db.select({ email: user.email }).from(user).where(eq(user.id, p.userId)).get()
		: undefined;
	const courses = db
		.select()
		.from(course)
		.where(and(eq(course.patientId, p.id), eq(course.clinicId, p.clinicId)))
		.orderBy(asc(course.startedOn), asc(course.createdAt))
		.all();
	const sessions = courses.length
		? db
				.select()
				.from(treatmentSession)
				.where(
					and(
						eq(treatmentSession.clinicId, p.clinicId),
						inArray(
							treatmentSession.courseId,
							courses.map((co) => co.id)
						)
					)
				)
				.orderBy(asc(treatmentSession.performedOn), asc(treatmentSession.createdAt))
				.all()
		: [];
	const contacts = db
		.select({ row: patientContact, by: user.name })
		.from(patientContact)
		.leftJoin(user, eq(user.id, patientContact.contactedBy))
		.where(and(eq(patientContact.patientId, p.id), eq(patientContact.clinicId, p.clinicId)))
		.orderBy(asc(patientContact.contactedAt))
		.all();
	const photosOf = (sessionId: string) =>
		photos.filter((e) => e.photo.sessionId === sessionId).map((e) => e.name);

	return {
		format: RECORD_FORMAT,
		exportedAt: now.toISOString(),
		clinic: { name: c.name, timeZone: clinicSettings(c).timeZone },
		patient: {
			id: p.id,
			name: p.displayName,
			birthYear: p.birthYear,
			skinType: p.fitzpatrick,
			skinTypeLabel: fitzpatrickLabel(p.fitzpatrick),
			concerns: p.concerns.map((id) => ({ id, label: concernLabel(id) })),
			email: p.email,
			phone: p.phone,
			portalAccountEmail: portal?.email ?? null,
			createdAt: iso(p.createdAt),
			archivedAt: iso(p.archivedAt)
		},
		courses: courses.map((co) => ({
			id: co.id,
			concern: co.concern,
			concernLabel: concernLabel(co.concern),
			areas: co.areas.map((a) => ({ id: a, label: labelOf(AREA_LABELS, a) })),
			plannedSessions: co.plannedSessions,
			intervalWeeks: co.intervalWeeks,
			startedOn: co.startedOn,
			sessions: sessions
				.filter((s) => s.courseId === co.id)
				.map((s, i) => ({
					id: s.id,
					number: i + 1,
					performedOn: s.performedOn,
					device: s.device,
					needleDepthMm: Object.entries(s.needleDepthMm).map(([area, mm]) => ({
						area,
						areaLabel: labelOf(AREA_LABELS, area),
						mm
					})),
					passes: s.passes,
					numbing: s.numbing,
					grade:
						s.grade !== null && s.gradeScale
							? {
									value: s.grade,
									scaleId: s.gradeScale,
									scaleName: SCALES[s.gradeScale].name,
									scaleShortName: SCALES[s.gradeScale].shortName,
									label: gradeLabel(s.gradeScale, s.grade),
									detail: s.gradeDetail,
									score: s.gradeScore
								}
							: null,
					patientSelfRating: s.patientSelfRating,
					patientNote: s.patientNote,
					sideEffects: s.sideEffects,
					clinicianNotes: s.notes,
					photos: photosOf(s.id)
				}))
		})),
		consents: consents.map((d) => ({
			id: d.id,
			scope: d.scope,
			scopeLabel: d.scopeLabel,
			state: d.state,
			wording: d.wording,
			signedName: d.signedName,
			signature: d.signature,
			grantedAt: iso(d.grantedAt),
			recordedBy: d.recordedBy,
			expiresAt: iso(d.expiresAt),
			revocation: d.revocation
				? { at: iso(d.revocation.at), reason: d.revocation.reason, by: d.revocation.by }
				: null,
			document: consentFileName(d)
		})),
		photos: photos.map((e) => ({
			id: e.photo.id,
			file: e.name,
			view: e.photo.view,
			viewLabel: VIEW_LABELS[e.photo.view],
			takenOn: e.photo.takenOn,
			sessionId: e.photo.sessionId,
			sha256: e.photo.sha256,
			width: e.photo.width,
			height: e.photo.height
		})),
		contacts: contacts.map(({ row, by }) => ({
			at: iso(row.contactedAt),
			channel: row.channel,
			channelLabel: labelOf(CONTACT_CHANNEL_LABELS, row.channel),
			outcome: row.outcome,
			outcomeLabel: labelOf(CONTACT_OUTCOME_LABELS, row.outcome),
			note: row.note,
			courseId: row.courseId,
			dueOn: row.dueOn,
			by: by ?? 'a former staff member'
		}))
	};
}

export type PatientRecord = ReturnType<typeof patientRecord>;
