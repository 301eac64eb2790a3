import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { tempDb, seedPatient, seedUser } from '$test/support/test-db';
import { writeTx } from '../db/client';
import { eq } from 'drizzle-orm';
import { auditEvent, consent, course, patientErasure, photo, treatmentSession } from '../db/schema';
import { saveWording } from '../consents/wording';
import { describeTargets, targetKey } from './audit-targets';

let t: ReturnType<typeof tempDb>;
beforeEach(() => (t = tempDb()));
afterEach(() => t.cleanup());

function world() {
	const { clinic, user } = seedUser(t.db, 'owner');
	const ann = seedPatient(t.db, clinic.id, user.id, 'Ann Example');
	return writeTx(t.db, (tx) => {
		const co = tx
			.insert(course)
			.values({
				clinicId: clinic.id,
				patientId: ann.id,
				concern: 'pigmentation',
				plannedSessions: 3,
				intervalWeeks: 4,
				startedOn: '2026-03-01'
			})
			.returning()
			.get();
		const s = tx
			.insert(treatmentSession)
			.values({ clinicId: clinic.id, courseId: co.id, performedOn: '2026-03-04' })
			.returning()
			.get();
		const f = tx
			.insert(photo)
			.values({
				clinicId: clinic.id,
				patientId: ann.id,
				sessionId: s.id,
				view: 'left45',
				takenOn: '2026-03-04',
				status: 'ready',
				sha256: 'aa',
				originalKey: 'k',
				originalType: 'image/jpeg',
				originalBytes: 1,
				uploadedBy: user.id
			})
			.returning()
			.get();
		const c = tx.select().from(consent).all()[0];
		return { clinic, user, ann, co, s, f, c };
	});
}

describe('describeTargets', () => {
	it('names each target in words, with the patient it concerned and where to see it', () => {
		const w = world();
		const rows = [
			{ targetType: 'patient', targetId: w.ann.id },
			{ targetType: 'photo', targetId: w.f.id },
			{ targetType: 'treatment_session', targetId: w.s.id },
			{ targetType: 'course', targetId: w.co.id },
			{ targetType: 'consent', targetId: w.c.id },
			{ targetType: 'user', targetId: w.user.id },
			{ targetType: null, targetId: null }
		];
		const out = describeTargets(t.db, w.clinic.id, rows);
		const words = (i: number) => out.get(targetKey(rows[i]))?.words;
		expect(words(0)).toBe('Ann Example');
		expect(words(1)).toBe('Left 45° photo of 4 Mar 2026 · Ann Example');
		expect(words(2)).toBe('Session of 4 Mar 2026 · Ann Example');
		expect(words(3)).toBe('Pigmentation course · Ann Example');
		expect(words(4)).toMatch(/consent · Ann Example$/);
		expect(words(5)).toBe('Test user (owner)');
		expect(out.get(targetKey(rows[1]))).toMatchObject({
			patientId: w.ann.id,
			href: `/clinic/patients/${w.ann.id}`
		});
		expect(out.size).toBe(6);
	});

	it("never names another clinic's record; a target not found says so with its short id", () => {
		const mine = world();
		const theirs = world();
		const rows = [
			{ targetType: 'patient', targetId: theirs.ann.id },
			{ targetType: 'photo', targetId: 'gone1234567' }
		];
		const out = describeTargets(t.db, mine.clinic.id, rows);
		expect(out.get(targetKey(rows[0]))).toEqual({
			words: `patient ${theirs.ann.id.slice(0, 8)} (no longer on record)`,
			patientId: null,
			href: null
		});
		expect(out.get(targetKey(rows[1]))?.words).toBe('photo gone1234 (no longer on record)');
	});

	it('shows an erased patient’s tombstone by its reason, never a name', () => {
		const w = world();
		const id = writeTx(t.db, (tx) =>
			tx
				.insert(patientErasure)
				.values({
					clinicId: w.clinic.id,
					erasedAt: new Date(),
					erasedBy: w.user.id,
					reason: 'The patient asked under Article 17',
					removed: { photos: 1 }
				})
				.returning()
				.get()
		).id;
		const rows = [{ targetType: 'erasure', targetId: id }];
		expect(describeTargets(t.db, w.clinic.id, rows).get(targetKey(rows[0]))).toEqual({
			words: 'Erased patient record: “The patient asked under Article 17”',
			patientId: null,
			href: null
		});
		// another clinic's tombstone is not described
		expect(describeTargets(t.db, world().clinic.id, rows).get(targetKey(rows[0]))?.words).toBe(
			`erased record ${id.slice(0, 8)} (no longer on record)`
		);
	});

	it('names a saved consent wording by its scope and version', () => {
		const w = world();
		const v = saveWording(t.db, w.clinic.id, w.user.id, {
			scope: 'gallery_public',
			text: 'A second version of the gallery wording, with a sentence more.',
			material: false,
			note: ''
		});
		const row = t.db
			.select()
			.from(auditEvent)
			.where(eq(auditEvent.action, 'consent_wording_save'))
			.get()!;
		expect(describeTargets(t.db, w.clinic.id, [row]).get(targetKey(row))).toEqual({
			words: `Public gallery (de-identified) consent wording, version ${v.seq}`,
			patientId: null,
			href: '/clinic/settings/consents'
		});
	});
});
