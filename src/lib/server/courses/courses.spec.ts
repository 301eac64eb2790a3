import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { auditEvent, treatmentSession } from '../db/schema';
import { seedPatient, seedUser, tempDb } from '$test/support/test-db';
import type { StaffActor } from '../auth/guard';
import type { Concern } from '../../domain/concerns';
import { parseSessionForm } from './course-form';
import { createCourse, lastDevice, logSession, SessionRefused } from './courses';

let t: ReturnType<typeof tempDb>;
beforeEach(() => (t = tempDb()));
afterEach(() => t.cleanup());

function courseOf(concern: Concern) {
	const { clinic, user } = seedUser(t.db, 'clinician');
	const actor = { user, clinicId: clinic.id } as StaffActor;
	const p = seedPatient(t.db, clinic.id, user.id, 'Ada');
	const c = createCourse(t.db, actor, p, {
		concern,
		areas: ['cheeks'],
		plannedSessions: 4,
		intervalWeeks: 4,
		startedOn: '2026-01-05'
	});
	return { actor, c, clinicId: clinic.id };
}

/** The session form as a browser sends it, with these extra fields. */
function form(fields: Record<string, string>) {
	const data = new FormData();
	const all = { performedOn: '2026-01-05', device: 'SkinPen', 'depth.cheeks': '1.5', passes: '3' };
	for (const [k, v] of Object.entries({ ...all, ...fields })) {
		data.set(k, v);
	}
	return data;
}

function log(x: ReturnType<typeof courseOf>, fields: Record<string, string>) {
	const parsed = parseSessionForm(form(fields), x.c);
	if (!parsed.ok) {
		throw new Error(parsed.message);
	}
	return logSession(t.db, x.actor, x.c, parsed.data);
}

const sessions = (courseId: string) =>
	t.db.select().from(treatmentSession).where(eq(treatmentSession.courseId, courseId)).all();
const audited = () =>
	t.db.select().from(auditEvent).where(eq(auditEvent.action, 'session_log')).all();

describe('logSession grades on the scale of the course’s concern', () => {
	it('records a Fitzpatrick score for fine lines, whatever scale the form names', () => {
		const x = courseOf('fine_lines');
		const s = log(x, { grade: '5', gradeScale: 'goodman_baron' });
		expect(s).toMatchObject({ grade: 5, gradeScale: 'fwes', gradeDetail: null, number: 1 });
		expect(audited()).toMatchObject([{ targetId: s.id, detail: 'graded FWES 5', ok: true }]);
	});

	it('refuses a value off the scale or a fraction of a step, and writes nothing', () => {
		const x = courseOf('acne_scars');
		expect(() => log(x, { grade: '5' })).toThrow(
			new SessionRefused('The Goodman–Baron scar grade must be from 1 to 4.')
		);
		expect(() => log(x, { grade: '2.5' })).toThrow(SessionRefused);
		expect(() => log(x, { grade: 'severe' })).toThrow(SessionRefused);
		expect(sessions(x.c.id)).toEqual([]);
		expect(audited()).toEqual([]);
		expect(log(x, { grade: '' })).toMatchObject({ grade: null, gradeScale: null });
		expect(audited()).toMatchObject([{ detail: 'not graded' }]);
	});

	it('computes mMASI from its eight inputs and keeps them, ignoring a posted score', () => {
		const x = courseOf('pigmentation');
		const s = log(x, {
			grade: '24',
			'mmasi.foreheadArea': '3',
			'mmasi.foreheadDarkness': '2',
			'mmasi.rightMalarArea': '4',
			'mmasi.rightMalarDarkness': '3',
			'mmasi.leftMalarArea': '4',
			'mmasi.leftMalarDarkness': '2',
			'mmasi.chinArea': '1',
			'mmasi.chinDarkness': '1'
		});
		expect(s).toMatchObject({
			grade: 7.9,
			gradeScale: 'mmasi',
			gradeDetail: {
				foreheadArea: 3,
				foreheadDarkness: 2,
				rightMalarArea: 4,
				rightMalarDarkness: 3,
				leftMalarArea: 4,
				leftMalarDarkness: 2,
				chinArea: 1,
				chinDarkness: 1
			}
		});
		expect(audited()).toMatchObject([{ detail: 'graded mMASI 7.9' }]);
		// no inputs is "not graded"; some of them is refused
		expect(log(x, { performedOn: '2026-02-02' })).toMatchObject({ grade: null });
		expect(() =>
			log(x, { performedOn: '2026-03-02', 'mmasi.foreheadArea': '3', 'mmasi.chinArea': '7' })
		).toThrow('Choose the darkness of forehead pigmentation, 0 to 4.');
		expect(sessions(x.c.id)).toHaveLength(2);
	});

	it('leaves the first session of a GAIS course ungraded and grades later ones against it', () => {
		const x = courseOf('stretch_marks');
		expect(() => log(x, { grade: '3' })).toThrow(
			'The first session is the baseline later sessions are compared with; it is not graded on GAIS.'
		);
		expect(log(x, {})).toMatchObject({ grade: null, number: 1 });
		// a session dated before the baseline would become the baseline itself
		expect(() => log(x, { performedOn: '2026-01-01', grade: '3' })).toThrow(SessionRefused);
		expect(log(x, { performedOn: '2026-02-02', grade: '3' })).toMatchObject({
			grade: 3,
			gradeScale: 'gais',
			number: 2
		});
	});
});

describe('lastDevice', () => {
	it('is what the clinic logged last, else SkinPen Precision', () => {
		const x = courseOf('texture');
		expect(lastDevice(t.db, x.clinicId)).toBe('SkinPen Precision');
		log(x, { device: 'Dermapen 4' });
		log(x, { device: 'SkinPen Precision II', performedOn: '2025-12-01' });
		expect(lastDevice(t.db, x.clinicId)).toBe('SkinPen Precision II');
		expect(lastDevice(t.db, 'another clinic')).toBe('SkinPen Precision');
	});
});
