import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { writeTx } from '../db/client';
import {
	consent,
	course,
	patient,
	photo,
	photoVariant,
	treatmentSession,
	user
} from '../db/schema';
import { photoTestClinic } from '$test/support/photo-clinic';
import type { PatientActor, StaffActor } from '../auth/guard';
import { ownCourses, ownPhotos } from './patient-record';
import { patientOverview } from './patients';

const NOTES = 'Mild pinpoint bleeding on the left cheek; consider 1.25 mm next time';
const SIDE_EFFECTS = 'Erythema for 48 h, slight flaking';

let c: ReturnType<typeof photoTestClinic>;
const databaseUrl = process.env.DATABASE_URL;
beforeEach(() => {
	c = photoTestClinic();
	// the access guard reads the server's database
	process.env.DATABASE_URL = path.join(c.dir, 'test.db');
});
afterEach(() => {
	process.env.DATABASE_URL = databaseUrl;
	c.cleanup();
});

/** A patient with an account, a course, a session full of clinical detail and a photo. */
function patientWithRecord() {
	const p = c.addPatient();
	return writeTx(c.db, (tx) => {
		const account = tx
			.insert(user)
			.values({
				clinicId: c.clinic.id,
				email: `pat-${crypto.randomUUID()}@example.test`,
				name: 'Pat Test',
				role: 'patient',
				passwordHash: 'x'
			})
			.returning()
			.get();
		tx.update(patient).set({ userId: account.id }).where(eq(patient.id, p.id)).run();
		const co = tx
			.insert(course)
			.values({
				clinicId: c.clinic.id,
				patientId: p.id,
				concern: 'acne_scars',
				areas: ['cheeks'],
				plannedSessions: 3,
				intervalWeeks: 4,
				startedOn: '2026-05-01'
			})
			.returning()
			.get();
		const s = tx
			.insert(treatmentSession)
			.values({
				clinicId: c.clinic.id,
				courseId: co.id,
				performedOn: '2026-05-01',
				needleDepthMm: { cheeks: 1.5 },
				passes: 3,
				numbing: true,
				grade: 3,
				gradeScale: 'goodman_baron',
				gradeScore: 14,
				patientSelfRating: 6,
				patientNote: 'Feels smoother',
				sideEffects: SIDE_EFFECTS,
				notes: NOTES
			})
			.returning()
			.get();
		const ph = tx
			.insert(photo)
			.values({
				clinicId: c.clinic.id,
				patientId: p.id,
				sessionId: s.id,
				view: 'front',
				role: 'before',
				takenOn: '2026-05-01',
				status: 'ready',
				failureReason: null,
				width: 1200,
				height: 1600,
				sha256: 'a'.repeat(64),
				placeholder: 'ph',
				originalKey: 'private/originals/secret-key.jpg',
				originalType: 'image/jpeg',
				originalBytes: 12345,
				uploadedBy: c.clinician.id
			})
			.returning()
			.get();
		tx.insert(photoVariant)
			.values({
				photoId: ph.id,
				width: 320,
				height: 427,
				format: 'webp',
				bytes: 1,
				key: `k-${ph.id}`
			})
			.run();
		const actor = {
			user: { ...account, role: 'patient' },
			clinicId: c.clinic.id,
			patient: { ...p, userId: account.id }
		} as PatientActor;
		return { p, co, s, ph, actor };
	});
}

describe('what a patient’s own pages read', () => {
	it('is each course and session with only the columns the pages show', () => {
		const { co, s, actor } = patientWithRecord();
		const courses = ownCourses(c.db, actor);
		expect(courses).toEqual([
			{
				id: co.id,
				concern: 'acne_scars',
				areas: ['cheeks'],
				plannedSessions: 3,
				intervalWeeks: 4,
				startedOn: '2026-05-01',
				sessions: [
					{
						id: s.id,
						performedOn: '2026-05-01',
						device: 'SkinPen',
						grade: 3,
						gradeScale: 'goodman_baron',
						patientSelfRating: 6,
						patientNote: 'Feels smoother'
					}
				]
			}
		]);
		const json = JSON.stringify(courses);
		expect(json).not.toContain(NOTES);
		expect(json).not.toContain(SIDE_EFFECTS);
		expect(json).not.toContain(c.clinician.id);
	});

	it('is each photo without who uploaded it, its file key or checksum', () => {
		const { ph, s, actor } = patientWithRecord();
		const photos = ownPhotos(c.db, actor);
		expect(photos).toEqual([
			{
				id: ph.id,
				view: 'front',
				takenOn: '2026-05-01',
				sessionId: s.id,
				status: 'ready',
				width: 1200,
				height: 1600,
				placeholder: 'ph',
				variants: [
					{ width: 320, height: 427, format: 'webp', url: `/media/private/${ph.id}/320.webp` }
				]
			}
		]);
		expect(JSON.stringify(photos)).not.toMatch(/secret-key|aaaaaaaa|uploadedBy/);
	});

	it('is only their own record', () => {
		const { actor } = patientWithRecord();
		const other = patientWithRecord();
		expect(ownCourses(c.db, actor).map((x) => x.id)).not.toContain(other.co.id);
		expect(ownPhotos(c.db, actor).map((x) => x.id)).not.toContain(other.ph.id);
	});
});

describe('the staff patient overview', () => {
	it('lists consents without the signature image or staff ids', () => {
		const { p } = patientWithRecord();
		c.db
			.insert(consent)
			.values({
				clinicId: c.clinic.id,
				patientId: p.id,
				scope: 'treatment',
				textVersion: 'v1',
				signedName: 'Pat Test',
				signature: 'data:image/png;base64,SIGNATURE',
				grantedAt: new Date(),
				recordedBy: c.clinician.id
			})
			.run();
		const overview = patientOverview(c.db, c.actor, p.id);
		expect(overview.consents).toHaveLength(2);
		expect(Object.keys(overview.consents[0]).sort()).toEqual([
			'expiresAt',
			'grantedAt',
			'id',
			'revokedAt',
			'revokedReason',
			'scope',
			'signedName',
			'textVersion'
		]);
		expect(JSON.stringify(overview.consents)).not.toMatch(/SIGNATURE|recordedBy/);
		expect(JSON.stringify(overview.consents)).not.toContain(c.clinician.id);
	});

	it('gives the front desk no courses, so no clinical notes', () => {
		const { p } = patientWithRecord();
		const desk = writeTx(c.db, (tx) =>
			tx
				.insert(user)
				.values({
					clinicId: c.clinic.id,
					email: 'desk@example.test',
					name: 'Desk',
					role: 'frontdesk',
					passwordHash: 'x'
				})
				.returning()
				.get()
		);
		const actor = { user: desk, clinicId: c.clinic.id } as StaffActor;
		const overview = patientOverview(c.db, actor, p.id);
		expect(overview.courses).toEqual([]);
		expect(JSON.stringify(overview)).not.toContain(NOTES);
		expect(JSON.stringify(overview)).not.toContain(SIDE_EFFECTS);
	});
});
