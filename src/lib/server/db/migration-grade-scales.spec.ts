import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from './client';
import { databaseAsOf } from '$test/support/old-database';

// Migration 0012 rebuilds treatment_session, which photos point at. These tests run it on a
// file made by the migrations before it, holding graded sessions with photos, as a clinic's
// database would be on the day it upgrades.
const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

const oldDatabase = () =>
	databaseAsOf(
		'0011_passkeys_step_up',
		`
		insert into course (id, clinic_id, patient_id, concern, areas, planned_sessions, interval_weeks, started_on, created_at)
			values ('k1', 'c1', 'p1', 'fine_lines', '["forehead"]', 3, 4, '2026-01-01', 0);
		insert into treatment_session (id, clinic_id, course_id, performed_on, grade, created_at)
			values ('s1', 'c1', 'k1', '2026-01-01', 3, 0), ('s2', 'c1', 'k1', '2026-02-01', null, 0);
		insert into photo (id, clinic_id, patient_id, session_id, view, taken_on, status, sha256, original_key, original_type, original_bytes, uploaded_by, created_at)
			values ('f1', 'c1', 'p1', 's1', 'front', '2026-01-01', 'ready', 'aa', 'k', 'image/jpeg', 1, 'u1', 0);
	`,
		dirs
	);

describe('migration 0012 (grading scales)', () => {
	it('keeps every grade and marks it Goodman–Baron, the scale it was recorded on', () => {
		const db = openDatabase(oldDatabase(), path.resolve('drizzle'));
		const rows = db.$client
			.prepare('select id, grade, grade_scale as scale from treatment_session order by id')
			.all();
		expect(rows).toEqual([
			{ id: 's1', grade: 3, scale: 'goodman_baron' },
			{ id: 's2', grade: null, scale: null }
		]);
		// the photo still points at its session, and references are enforced again afterwards
		expect(db.$client.prepare('select session_id from photo').pluck().get()).toBe('s1');
		expect(db.$client.pragma('foreign_keys', { simple: true })).toBe(1);
		expect(() =>
			db.$client.prepare("update photo set session_id = 'nope' where id = 'f1'").run()
		).toThrow(/FOREIGN KEY/);
		db.$client.close();
	});

	it('refuses a grade outside its scale and a grade without one', () => {
		const db = openDatabase(oldDatabase(), path.resolve('drizzle'));
		const set = (grade: number | null, scale: string | null) =>
			db.$client
				.prepare("update treatment_session set grade = ?, grade_scale = ? where id = 's2'")
				.run(grade, scale);
		expect(() => set(5, 'goodman_baron')).toThrow(/CHECK/);
		expect(() => set(2.5, 'fwes')).toThrow(/CHECK/);
		expect(() => set(24.1, 'mmasi')).toThrow(/CHECK/);
		expect(() => set(6, 'gais')).toThrow(/CHECK/);
		expect(() => set(3, null)).toThrow(/CHECK/);
		expect(() => set(3, 'acne')).toThrow(/CHECK/);
		expect(() => set(9, 'fwes')).not.toThrow();
		expect(() => set(7.2, 'mmasi')).not.toThrow();
		db.$client.close();
	});
});
