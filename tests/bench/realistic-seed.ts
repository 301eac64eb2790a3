// A clinic of realistic size for load tests: 2,000 patients, each with a course of 5 sessions
// × 5 views (50,000 ready photos, 6 variants each) and 5 published gallery cases (10,000), all
// consented. Rows only: the pages are timed, not image files. Raw SQL in one transaction, as
// drizzle's per-row inserts would take minutes at this size.
import type { Db } from '../../src/lib/server/db/client';
import { seedUser } from '../support/test-db';
import { newId } from '../../src/lib/server/platform/ids';
import { addDays } from '../../src/lib/domain/schedule';
import { STANDARD_VIEWS } from '../../src/lib/domain/views';
import { AREAS, CONCERNS } from '../../src/lib/domain/concerns';

export interface RealisticClinic {
	clinicId: string;
	slug: string;
	staffId: string;
	/** user ids of patients with an account (for timeline load) */
	patientUsers: string[];
	caseIds: string[];
	uploadPatientId: string;
}

export function seedRealisticClinic(db: Db, patients = 2000, sessions = 5): RealisticClinic {
	const { clinic, user: staff } = seedUser(db, 'clinician');
	const s = db.$client;
	const ins = {
		user: s.prepare(
			"insert into user (id, clinic_id, email, name, role, password_hash, created_at) values (?, ?, ?, ?, 'patient', 'x', ?)"
		),
		patient: s.prepare(
			'insert into patient (id, clinic_id, user_id, display_name, fitzpatrick, concerns, created_at) values (?, ?, ?, ?, ?, ?, ?)'
		),
		consent: s.prepare(
			"insert into consent (id, clinic_id, patient_id, scope, text_version, signed_name, granted_at, recorded_by) values (?, ?, ?, ?, 'v1', 'Signed', ?, ?)"
		),
		course: s.prepare(
			'insert into course (id, clinic_id, patient_id, concern, areas, planned_sessions, interval_weeks, started_on, created_at) values (?, ?, ?, ?, ?, ?, 5, ?, ?)'
		),
		session: s.prepare(
			"insert into treatment_session (id, clinic_id, course_id, performed_on, device, needle_depth_mm, numbing, grade, grade_scale, created_at) values (?, ?, ?, ?, 'SkinPen', '{}', 1, ?, 'goodman_baron', ?)"
		),
		photo: s.prepare(
			"insert into photo (id, clinic_id, patient_id, session_id, view, taken_on, status, width, height, sha256, placeholder, original_key, original_type, original_bytes, uploaded_by, created_at) values (?, ?, ?, ?, ?, ?, 'ready', 3024, 4032, ?, 'HBkSHYSIeHiPiHh8eJd4eTN0EEQG', ?, 'image/jpeg', 3000000, ?, ?)"
		),
		variant: s.prepare(
			'insert into photo_variant (photo_id, width, height, format, bytes, key) values (?, ?, ?, ?, 50000, ?)'
		),
		gcase: s.prepare(
			"insert into gallery_case (id, clinic_id, patient_id, course_id, before_photo_id, after_photo_id, view, title, concern, area, fitzpatrick, sessions_count, weeks_elapsed, redactions, status, created_by, created_at, published_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, '{}', 'published', ?, ?, ?)"
		),
		image: s.prepare(
			"insert into gallery_image (token, case_id, clinic_id, which, width, height, format, bytes, key, placeholder) values (?, ?, ?, ?, ?, ?, ?, 20000, ?, 'HBkSHYSIeHiPiHh8eJd4eTN0EEQG')"
		)
	};
	const now = Date.now();
	const out: RealisticClinic = {
		clinicId: clinic.id,
		slug: clinic.slug,
		staffId: staff.id,
		patientUsers: [],
		caseIds: [],
		uploadPatientId: ''
	};
	s.transaction(() => {
		for (let i = 0; i < patients; i++) {
			const userId = newId();
			const patientId = newId();
			const concern = CONCERNS[i % CONCERNS.length];
			ins.user.run(userId, clinic.id, `p${i}@load.test`, `Patient ${i}`, now);
			ins.patient.run(
				patientId,
				clinic.id,
				userId,
				`Patient ${i}`,
				(i % 6) + 1,
				JSON.stringify([concern]),
				now
			);
			for (const scope of ['treatment', 'photos_private', 'gallery_public']) {
				ins.consent.run(newId(), clinic.id, patientId, scope, now - 1000, staff.id);
			}
			const courseId = newId();
			const start = addDays('2026-01-05', i % 60);
			ins.course.run(
				courseId,
				clinic.id,
				patientId,
				concern,
				JSON.stringify([AREAS[i % AREAS.length]]),
				sessions,
				start,
				now
			);
			const byView: Record<string, string[]> = {};
			for (let n = 0; n < sessions; n++) {
				const sessionId = newId();
				const on = addDays(start, n * 35);
				ins.session.run(sessionId, clinic.id, courseId, on, Math.max(1, 4 - n), now);
				for (const view of STANDARD_VIEWS) {
					const photoId = newId();
					ins.photo.run(
						photoId,
						clinic.id,
						patientId,
						sessionId,
						view,
						on,
						photoId,
						`private/originals/x/${photoId}`,
						staff.id,
						now
					);
					for (const w of [320, 960, 1920]) {
						for (const f of ['avif', 'webp']) {
							ins.variant.run(
								photoId,
								w,
								Math.round((w * 4) / 3),
								f,
								`private/variants/x/${photoId}/${w}.${f}`
							);
						}
					}
					(byView[view] ??= []).push(photoId);
				}
			}
			for (const view of STANDARD_VIEWS) {
				const caseId = newId();
				const [before, after] = [byView[view][0], byView[view].at(-1)!];
				ins.gcase.run(
					caseId,
					clinic.id,
					patientId,
					courseId,
					before,
					after,
					view,
					`Case ${i} ${view}`,
					concern,
					AREAS[i % AREAS.length],
					(i % 6) + 1,
					sessions - 1,
					(sessions - 1) * 5,
					staff.id,
					now,
					now - i * 60_000
				);
				for (const which of ['before', 'after', 'og'] as const) {
					const token = newId();
					const sizes =
						which === 'og'
							? [[1200, 'jpeg']]
							: [320, 480, 640, 960].flatMap((w) => [
									[w, 'avif'],
									[w, 'webp']
								]);
					for (const [w, f] of sizes as [number, string][]) {
						const h = which === 'og' ? 630 : Math.round((w * 5) / 4);
						ins.image.run(token, caseId, clinic.id, which, w, h, f, `public/x/${token}/${w}.${f}`);
					}
				}
				out.caseIds.push(caseId);
			}
			out.patientUsers.push(userId);
			if (i === 0) {
				out.uploadPatientId = patientId;
			}
		}
	})();
	return out;
}
